-- Change notifications for the response cache (src/cache/response-cache.ts). Every statement that
-- changes content tells the "claimbase_change" channel, whichever client sent it: this service, another
-- replica, the import CLI or psql. Each server LISTENs and drops its cached responses when a notification
-- arrives. NOTIFY is delivered at commit (never for a rolled-back transaction), and PostgreSQL folds
-- identical notifications of one transaction into one, so a bulk import costs one notification per table.
-- Not on "api_key" (a key's last use is stamped on every authenticated request; no read of the API shows
-- keys) nor on "rate_limit" (counters, written on every request when RATE_LIMIT_STORE=postgres).
-- tests/integration/response-cache.test.ts fails when a new table lacks the trigger.
CREATE FUNCTION "claimbase_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('claimbase_change', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "entity_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "entity"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "entity_relation_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "entity_relation"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "entity_relation_evidence_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "entity_relation_evidence"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "source_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "source"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "source_author_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "source_author"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "quote_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "quote"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_claimant_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim_claimant"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_subject_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim_subject"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_appearance_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim_appearance"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_relation_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim_relation"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "claim_relation_evidence_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "claim_relation_evidence"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "viewpoint_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "viewpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "viewpoint_member_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "viewpoint_member"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "stance_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "stance"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "stance_evidence_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "stance_evidence"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "review_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "review"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "revision_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "revision"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
