-- Persisted queries (docs/api.md, "Persisted queries"), shared by every replica: a client that sent a
-- hash to one replica can send only the hash to any other. `trusted` rows were registered by an
-- operator (`claimbase documents add`); with TRUSTED_DOCUMENTS=only they are the only operations the
-- service runs. The hash is the SHA-256 of the document's UTF-8 text, checked here as well, so no
-- path can store a document under another document's hash. No change trigger (claimbase_notify_change):
-- these rows are no content, and registering a hash must not empty every replica's response cache.
CREATE TABLE "persisted_query" (
  "hash" CHAR(64) NOT NULL,
  "document" TEXT NOT NULL,
  "trusted" BOOLEAN NOT NULL DEFAULT false,
  "name" TEXT,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "trusted_at" TIMESTAMPTZ(6),
  CONSTRAINT "persisted_query_pkey" PRIMARY KEY ("hash"),
  CONSTRAINT "persisted_query_hash" CHECK ("hash" = encode(sha256(convert_to("document", 'UTF8')), 'hex')),
  CONSTRAINT "persisted_query_size" CHECK (octet_length("document") <= 1048576),
  CONSTRAINT "persisted_query_trusted_at" CHECK ("trusted" = ("trusted_at" IS NOT NULL))
);
