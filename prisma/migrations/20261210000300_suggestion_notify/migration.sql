-- Suggestions are read through the API (suggestions, Source.suggestions): a decision or a new
-- ingestion must drop cached answers like any other content change (20261124060000_change_notify).
CREATE TRIGGER "suggestion_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "suggestion"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
