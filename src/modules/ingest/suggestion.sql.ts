import { sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, selectColumns, type TableSpec } from "../../shared/rows";
import { Suggestion } from "./suggestion.type";

const SUGGESTION_COLUMNS = {
  uuid: "id",
  sourceId: "source_id",
  kind: "kind",
  status: "status",
  start: "start",
  end: "end",
  exact: "exact",
  score: "score",
  attribution: "attribution",
  proposal: "proposal",
  storedMatches: "matches",
  stored: "result",
  decidedAt: "decided_at",
  decidedBy: "decided_by",
  decisionReason: "decision_reason",
  version: "version",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

export const SUGGESTION: TableSpec<Suggestion> = {
  name: "Suggestion",
  from: sql`suggestion t`,
  table: "suggestion",
  columns: selectColumns("t", SUGGESTION_COLUMNS),
  hydrate: hydrator(Suggestion),
};

/** A source's suggestions, in text order (then kind: quote, mention, claim). */
export const SOURCE_SUGGESTIONS: ListSpec<Suggestion> = {
  ...SUGGESTION,
  name: "Source.suggestions",
  parentKey: sql`t.source_id`,
  order: {
    name: "start",
    keys: [
      { expr: sql`t.start`, direction: "ASC", type: "int" },
      { expr: sql`t.seq`, direction: "ASC", type: "int" },
    ],
  },
};
