-- Live (docs/live.md): the transactional outbox of domain events, and webhooks that deliver it.
--
-- "event" is appended in the transaction of every write, next to its revisions (modules/bundle's Writer
-- buffers a transaction's events and inserts them just before COMMIT). "position" is a bigserial taken
-- under a transaction-scoped advisory lock (src/shared/outbox.ts) that is held until COMMIT, so positions
-- become visible in increasing order: a reader that has seen position n never later finds a committed
-- event below n (a rolled-back transaction leaves a gap nobody waits for). The NOTIFY on
-- "claimbase_event" (sent by the same insert, delivered at commit) carries the highest position.
CREATE TABLE "event" (
  "position" BIGSERIAL NOT NULL,
  "type" TEXT NOT NULL,
  "subject_type" TEXT NOT NULL,
  "subject_id" UUID,
  "claim_ids" UUID[] NOT NULL DEFAULT ARRAY[]::uuid[],
  "topic_ids" UUID[] NOT NULL DEFAULT ARRAY[]::uuid[],
  "payload" JSONB NOT NULL,
  "actor_label" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "event_pkey" PRIMARY KEY ("position"),
  CONSTRAINT "event_type_format" CHECK ("type" ~ '^[A-Z][A-Za-z]+$')
);
CREATE INDEX "event_type_position_idx" ON "event"("type", "position");
CREATE INDEX "event_subject_id_idx" ON "event"("subject_id");
CREATE INDEX "event_claim_ids_idx" ON "event" USING GIN ("claim_ids");
CREATE INDEX "event_topic_ids_idx" ON "event" USING GIN ("topic_ids");

CREATE TYPE "webhook_delivery_status" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

-- A webhook: where to POST which event types, signed with its secret. "enqueued_through" is the last
-- event position turned into deliveries for it (the fan-out's cursor; starts at the newest event).
CREATE TABLE "webhook" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "url" TEXT NOT NULL,
  "event_types" TEXT[] NOT NULL DEFAULT ARRAY[]::text[],
  "secret" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "description" TEXT,
  "enqueued_through" BIGINT NOT NULL DEFAULT 0,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_url_http" CHECK ("url" ~ '^https?://' AND length("url") <= 2000)
);
CREATE UNIQUE INDEX "webhook_seq_key" ON "webhook"("seq");

-- One event for one webhook: attempted in event order per webhook (a delivery waits while an earlier
-- one of its webhook is PENDING), retried with exponential back-off, DEAD after the last attempt.
CREATE TABLE "webhook_delivery" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" BIGSERIAL NOT NULL,
  "webhook_id" UUID NOT NULL,
  "event_position" BIGINT NOT NULL,
  "status" "webhook_delivery_status" NOT NULL DEFAULT 'PENDING',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_attempt_at" TIMESTAMPTZ(6),
  "last_status_code" INTEGER,
  "last_error" TEXT,
  "delivered_at" TIMESTAMPTZ(6),
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_delivery_attempts" CHECK ("attempts" >= 0)
);
CREATE UNIQUE INDEX "webhook_delivery_seq_key" ON "webhook_delivery"("seq");
CREATE UNIQUE INDEX "webhook_delivery_webhook_id_event_position_key" ON "webhook_delivery"("webhook_id", "event_position");
CREATE INDEX "webhook_delivery_event_position_idx" ON "webhook_delivery"("event_position");
-- Each webhook's queue of PENDING deliveries in event order: the worker reads its head.
CREATE INDEX "webhook_delivery_queue_idx" ON "webhook_delivery"("webhook_id", "event_position") WHERE "status" = 'PENDING';
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_fkey"
  FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_position_fkey"
  FOREIGN KEY ("event_position") REFERENCES "event"("position") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Read through the API like other content (events, Webhook.deliveries): changes drop cached answers.
CREATE TRIGGER "event_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "event"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "webhook_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "webhook"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "webhook_delivery_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "webhook_delivery"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
