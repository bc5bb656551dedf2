/**
 * The PostgreSQL channel every content change is announced on, at commit: a statement trigger on each
 * content table (prisma/migrations/*_change_notify) and the migration runner notify it; the response
 * cache (src/cache/response-cache.ts) listens.
 */
export const CHANGE_CHANNEL = "claimbase_change";

/** The application_name of the connection that listens, so it stands apart in pg_stat_activity. */
export const CHANGE_FEED_APPLICATION = "claimbase-changes";
