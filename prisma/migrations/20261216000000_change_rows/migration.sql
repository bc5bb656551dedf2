-- Change notifications that say what changed (src/cache/response-cache.ts), so a write drops only
-- the cached answers that read it. Each notification on "claimbase_change" is a JSON object:
--   {"t": table, "op": "I" | "U" | "D" | "T", "x": transaction id, "ids": [row ids] | null, "cols": [columns] | null}
-- for one statement: inserted, updated or deleted rows' ids (old and new ids for an update), and for an
-- update the columns whose value changed in any of its rows. null means "not known": "ids": null, any
-- row of the table; "cols": null, any column. Coarse messages invalidate more, never less. They are sent
-- when a statement touched more rows than a message can name (a bulk import), for tables without an
-- `id` column (link tables), and whenever the exact message would pass NOTIFY's 8000-byte limit.
-- A statement that touched no row sends nothing.
--
-- PostgreSQL computes this from transition tables (REFERENCING OLD TABLE / NEW TABLE), which it
-- refuses on a trigger for more than one event: each content table gets four statement triggers, one
-- per event, all running claimbase_notify_change() as before (the function's role is unchanged: every
-- content table announces every change, whoever writes). A trigger created later in the old style
-- (one trigger for all events, no transition tables) still works: the function falls back to the
-- coarse message when its transition table is missing.
CREATE OR REPLACE FUNCTION "claimbase_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  paired bigint;
  ids text[];
  cols text[];
  message jsonb;
BEGIN
  IF TG_OP <> 'TRUNCATE' THEN
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT count(*), array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id')
          INTO n, ids FROM (SELECT to_jsonb(x) AS r FROM new_rows x) s;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT count(*), array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id')
          INTO n, ids FROM (SELECT to_jsonb(x) AS r FROM old_rows x) s;
      ELSE
        SELECT count(*) INTO n FROM new_rows;
        IF n > 0 AND n <= 10000 THEN
          SELECT array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id') INTO ids FROM (
            SELECT to_jsonb(x) AS r FROM old_rows x UNION ALL SELECT to_jsonb(x) FROM new_rows x
          ) s;
          -- Rows paired by id, old with new; a column counts as changed when its value differs in any pair.
          SELECT count(DISTINCT o.r->>'id') INTO paired
            FROM (SELECT to_jsonb(x) AS r FROM old_rows x) o
            JOIN (SELECT to_jsonb(x) AS r FROM new_rows x) w ON o.r->'id' = w.r->'id';
          IF paired = n THEN
            SELECT coalesce(array_agg(DISTINCT e.key), '{}') INTO cols
              FROM (SELECT to_jsonb(x) AS r FROM old_rows x) o
              JOIN (SELECT to_jsonb(x) AS r FROM new_rows x) w ON o.r->'id' = w.r->'id',
              LATERAL jsonb_each(w.r) e
             WHERE o.r->e.key IS DISTINCT FROM e.value;
          END IF;
        END IF;
      END IF;
    EXCEPTION WHEN undefined_table THEN
      -- An old-style trigger without transition tables: say only which table changed.
      n := NULL;
      ids := NULL;
      cols := NULL;
    END;
    IF n = 0 THEN
      RETURN NULL;
    END IF;
    -- Past 150 ids (36 bytes each, quoted) a message would near NOTIFY's limit: any row, then.
    IF cardinality(ids) > 150 THEN
      ids := NULL;
    END IF;
  END IF;
  message := jsonb_build_object('t', TG_TABLE_NAME, 'op', left(TG_OP, 1), 'x', pg_current_xact_id()::text,
                                'ids', to_jsonb(ids), 'cols', to_jsonb(cols));
  IF octet_length(message::text) > 7900 THEN
    message := message || jsonb_build_object('ids', NULL, 'cols', NULL);
  END IF;
  PERFORM pg_notify('claimbase_change', message::text);
  -- Counted for the transaction, so its commit marker (shared/mutation.ts) can say whether anything
  -- it wrote was announced: a write with its triggers disabled is not, and the cache then drops all.
  PERFORM set_config('claimbase.notified',
    (coalesce(nullif(current_setting('claimbase.notified', true), ''), '0')::int + 1)::text, true);
  RETURN NULL;
END
$$;

-- Every table that had the old all-events trigger gets the four per-event ones instead.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname AS tbl, t.tgname AS trg
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE p.proname = 'claimbase_notify_change' AND ns.nspname = current_schema() AND NOT t.tgisinternal
     ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', r.trg, r.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"()', r.tbl || '_insert_notify_change', r.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"()', r.tbl || '_update_notify_change', r.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"()', r.tbl || '_delete_notify_change', r.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"()', r.tbl || '_truncate_notify_change', r.tbl);
  END LOOP;
END
$$;
