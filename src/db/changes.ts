/**
 * The PostgreSQL channel every content change is announced on, at commit: a statement trigger on each
 * content table (prisma/migrations/*_change_notify) and the migration runner notify it; the response
 * cache (src/cache/response-cache.ts) listens.
 */
export const CHANGE_CHANNEL = "claimbase_change";

/** The application_name of the connection that listens, so it stands apart in pg_stat_activity. */
export const CHANGE_FEED_APPLICATION = "claimbase-changes";

/**
 * The last statement of a write's transaction: when it has a transaction id, a notification naming it,
 * which PostgreSQL delivers at commit after the tables' own change notifications (a transaction's
 * notifications arrive in the order sent). The response cache waits for it before the mutation's answer
 * leaves, so the client's next read through this server cannot get an answer from before the write
 * (src/cache/response-cache.ts). Sent by mutations (shared/mutation.ts) and imports
 * (bundle.import.ts). `n` counts the change notifications the transaction's triggers sent;
 * `off`, the change triggers that would not fire in this session (disabled, or session_replication_role
 * set against them): rows written then go unannounced, and the cache drops everything. With every
 * trigger on, any row written was announced, and a transaction that announced nothing wrote nothing (a
 * write that found nothing to change still gets an id from its FOR UPDATE lock): nothing is dropped.
 * (Counting the transaction's rows in pg_stat_xact_user_tables instead is unreliable: from PostgreSQL 15
 * it can include earlier transactions' counts not yet flushed.) No row, and no notification, without a
 * transaction id.
 */
export const COMMIT_MARKER = `SELECT s.x FROM (SELECT pg_current_xact_id_if_assigned()::text AS x) s,
  LATERAL (SELECT pg_notify('${CHANGE_CHANNEL}', json_build_object('op', 'C', 'x', s.x,
    'n', coalesce(nullif(current_setting('claimbase.notified', true), ''), '0')::int,
    'off', (SELECT count(*) FROM pg_trigger g WHERE g.tgfoid = 'claimbase_notify_change'::regproc
             AND CASE current_setting('session_replication_role') WHEN 'replica' THEN g.tgenabled NOT IN ('R', 'A')
                 ELSE g.tgenabled NOT IN ('O', 'A') END))::text) WHERE s.x IS NOT NULL) n`;
