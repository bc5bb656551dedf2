-- Change notifications also name the slugs of the rows a statement inserted, deleted or updated (old and
-- new values), for the tables that have one (entities, viewpoints): the response cache keeps a lookup by
-- slug through an insert or a slug change of other rows (src/cache/response-cache.ts); before, any
-- insert into the table dropped every cached lookup by slug. The message's other fields are unchanged
-- (20261216000000_change_rows); "slugs" is absent for tables without a slug column, and null (any) when
-- the statement touched more than 150 rows or the message would pass NOTIFY's size.
CREATE OR REPLACE FUNCTION "claimbase_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  paired bigint;
  ids text[];
  slugs text[];
  cols text[];
  message jsonb;
BEGIN
  IF TG_OP <> 'TRUNCATE' THEN
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT count(*), array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id'),
               array_agg(DISTINCT r->>'slug') FILTER (WHERE r ? 'slug')
          INTO n, ids, slugs FROM (SELECT to_jsonb(x) AS r FROM new_rows x) s;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT count(*), array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id'),
               array_agg(DISTINCT r->>'slug') FILTER (WHERE r ? 'slug')
          INTO n, ids, slugs FROM (SELECT to_jsonb(x) AS r FROM old_rows x) s;
      ELSE
        SELECT count(*) INTO n FROM new_rows;
        IF n > 0 AND n <= 10000 THEN
          SELECT array_agg(DISTINCT r->>'id') FILTER (WHERE r ? 'id'),
                 array_agg(DISTINCT r->>'slug') FILTER (WHERE r ? 'slug') INTO ids, slugs FROM (
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
      slugs := NULL;
      cols := NULL;
    END;
    IF n = 0 THEN
      RETURN NULL;
    END IF;
    -- Past 150 ids (36 bytes each, quoted) a message would near NOTIFY's limit: any row, then.
    IF cardinality(ids) > 150 THEN
      ids := NULL;
      slugs := NULL;
    END IF;
  END IF;
  message := jsonb_build_object('t', TG_TABLE_NAME, 'op', left(TG_OP, 1), 'x', pg_current_xact_id()::text,
                                'ids', to_jsonb(ids), 'cols', to_jsonb(cols));
  IF slugs IS NOT NULL THEN
    message := message || jsonb_build_object('slugs', to_jsonb(slugs));
  END IF;
  IF octet_length(message::text) > 7900 THEN
    message := message || jsonb_build_object('ids', NULL, 'cols', NULL, 'slugs', NULL);
  END IF;
  PERFORM pg_notify('claimbase_change', message::text);
  -- Counted for the transaction, so its commit marker (shared/mutation.ts) can say whether anything
  -- it wrote was announced: a write with its triggers disabled is not, and the cache then drops all.
  PERFORM set_config('claimbase.notified',
    (coalesce(nullif(current_setting('claimbase.notified', true), ''), '0')::int + 1)::text, true);
  RETURN NULL;
END
$$;

