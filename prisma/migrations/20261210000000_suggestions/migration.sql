-- Suggestions (issue #16, docs/ingestion.md): what ingesting a document proposes, for a person to
-- accept or reject. A suggestion is a span of a source's text (code point offsets, as quotes) and a
-- proposal of one kind: a QUOTE with its speakers, an entity MENTION, or a CLAIM with its claimants
-- and its likely matches among existing claims. Nothing here is knowledge yet: accepting writes the
-- quote, entity or claim through the normal writers (with their revisions); the suggestion keeps the
-- decision (who, when, why, what it wrote).
CREATE TYPE "suggestion_kind" AS ENUM ('QUOTE', 'MENTION', 'CLAIM');
CREATE TYPE "suggestion_status" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'EDITED');

CREATE TABLE "suggestion" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "source_id" UUID NOT NULL,
  "kind" "suggestion_kind" NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  "exact" TEXT NOT NULL,
  "score" DOUBLE PRECISION NOT NULL,
  "status" "suggestion_status" NOT NULL DEFAULT 'PENDING',
  "attribution" "attribution",
  "proposal" JSONB NOT NULL,
  "matches" JSONB NOT NULL DEFAULT '[]',
  "decided_at" TIMESTAMPTZ(6),
  "decided_by" TEXT,
  "decision_reason" TEXT,
  "result" JSONB,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "suggestion_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "suggestion_version_positive" CHECK ("version" > 0),
  CONSTRAINT "suggestion_span" CHECK ("start" >= 0 AND "end" > "start"),
  CONSTRAINT "suggestion_score_range" CHECK ("score" >= 0 AND "score" <= 1),
  CONSTRAINT "suggestion_decided" CHECK (("status" = 'PENDING') = ("decided_at" IS NULL))
);
CREATE UNIQUE INDEX "suggestion_seq_key" ON "suggestion"("seq");
CREATE UNIQUE INDEX "suggestion_source_id_kind_start_end_key" ON "suggestion"("source_id", "kind", "start", "end");
CREATE INDEX "suggestion_status_idx" ON "suggestion"("status");
ALTER TABLE "suggestion" ADD CONSTRAINT "suggestion_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
