-- Shared rate-limit counters (rate-limiter-flexible's PostgreSQL store), so several replicas count
-- each caller's requests together. Used when RATE_LIMIT_STORE=postgres.
CREATE TABLE "rate_limit" (
  "key" VARCHAR(255) NOT NULL,
  "points" INTEGER NOT NULL DEFAULT 0,
  "expire" BIGINT,
  CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);
