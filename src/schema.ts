import "reflect-metadata";
import path from "node:path";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import {
  ClaimQualifiersResolver,
  ClaimRelationResolver,
  ClaimResolver,
  EntityClaimsResolver,
  MergeEntitiesClaimsResolver,
  QuoteClaimsResolver,
} from "./modules/claim";
import { EntityResolver } from "./modules/entity";
import { EntityRelationResolver, EntityRelationsResolver } from "./modules/entity-relation";
import { EventSubjectResolver, NodeResolver } from "./modules/node";
import { ClaimReviewsResolver, EntityReviewsResolver, ReviewResolver, SourceReviewsResolver } from "./modules/review";
import { EntitySourcesResolver, QuoteResolver, SourceResolver } from "./modules/source";
import {
  ClaimStancesResolver,
  EntityStancesResolver,
  StanceResolver,
  ViewpointStancesResolver,
} from "./modules/stance";
import { EntityViewpointsResolver, ViewpointMemberResolver, ViewpointResolver } from "./modules/viewpoint";
import { ArgumentResolver, ComparedClaimResolver, ViewpointComparisonResolver } from "./modules/argument";
import { authChecker } from "./modules/auth";
import { ClaimFacetsResolver, FacetBucketResolver, SourceFacetsResolver } from "./modules/facets";
import { SearchResolver } from "./modules/search";
import { MatchingResolver } from "./modules/matching";
import {
  EntityCandidateResolver,
  ProposedEntityResolver,
  SourceSuggestionsResolver,
  SuggestionResolver,
  SuggestionResultResolver,
} from "./modules/ingest";
import { ImportBundlePayloadResolver, ImportResolver, LikelyDuplicateResolver, Writer } from "./modules/bundle";
import { HistoryResolver } from "./modules/history";
import { EventResolver, WebhookResolver } from "./modules/live";
import { DateTimeISO } from "./shared/date-time";
import { ERROR_CODES } from "./shared/errors";
import { useWriteEngine } from "./shared/mutation";
import { PROJECT_ROOT } from "./shared/paths";

const RESOLVERS = [
  NodeResolver,
  EntityResolver,
  EntityRelationResolver,
  EntityRelationsResolver,
  SourceResolver,
  QuoteResolver,
  EntitySourcesResolver,
  ClaimResolver,
  ClaimQualifiersResolver,
  ClaimRelationResolver,
  EntityClaimsResolver,
  MergeEntitiesClaimsResolver,
  QuoteClaimsResolver,
  ViewpointResolver,
  ViewpointMemberResolver,
  EntityViewpointsResolver,
  StanceResolver,
  ClaimStancesResolver,
  EntityStancesResolver,
  ViewpointStancesResolver,
  ReviewResolver,
  ClaimReviewsResolver,
  EntityReviewsResolver,
  SourceReviewsResolver,
  SearchResolver,
  MatchingResolver,
  SuggestionResolver,
  ProposedEntityResolver,
  EntityCandidateResolver,
  SuggestionResultResolver,
  SourceSuggestionsResolver,
  ClaimFacetsResolver,
  SourceFacetsResolver,
  FacetBucketResolver,
  ArgumentResolver,
  ComparedClaimResolver,
  ViewpointComparisonResolver,
  ImportResolver,
  ImportBundlePayloadResolver,
  LikelyDuplicateResolver,
  HistoryResolver,
  EventResolver,
  EventSubjectResolver,
  WebhookResolver,
] as const;

/**
 * type-graphql insists on a PubSub once a resolver declares a subscription, even when every
 * subscription brings its own `subscribe` (ours read the outbox through modules/live's hub): this one
 * is never used.
 */
const NO_PUBSUB = {
  publish: () => undefined,
  subscribe: (): never => {
    throw new Error("every subscription declares its own subscribe (modules/live)");
  },
};

/**
 * Top-level error codes are no GraphQL type, so the Query type's description lists them. (A mutation's
 * `userErrors` have the UserErrorCode enum.)
 */
const ERROR_CODES_DESCRIPTION = [
  "Errors: a request that is refused, or a field that fails, has an entry in the answer's `errors` whose `extensions.code` is one of these (plain HTTP refusals such as 429 carry the same body):",
  "",
  ...Object.entries(ERROR_CODES).map(([code, description]) => `- \`${code}\`: ${description}`),
].join("\n");

let cached: GraphQLSchema | undefined;

/** The public schema. Built once per process: type-graphql's metadata is global. */
export function buildClaimbaseSchema(): GraphQLSchema {
  if (!cached) {
    // The mutations, in their domains' modules, write through bundle's engine, which imports those modules.
    useWriteEngine((client, actor) => new Writer(client, actor));
    cached = buildSchemaSync({
      resolvers: RESOLVERS,
      validate: false,
      authChecker,
      authMode: "error",
      pubSub: NO_PUBSUB,
      // DateTimeISO that also takes a plain date (shared/date-time.ts).
      scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    });
    // type-graphql has no option for the root type's description; graphql-js keeps it as a plain field.
    const query = cached.getQueryType();
    if (query) {
      query.description =
        "Entry points for reading: lookups by ID, slug or URL; `node`/`nodes` for any global ID; and a connection per type.\n\n" +
        ERROR_CODES_DESCRIPTION;
    }
    const subscription = cached.getSubscriptionType();
    if (subscription) {
      subscription.description =
        "Live events over the graphql-ws protocol on the same path (`ws(s)://host/graphql`; docs/live.md): each sends `Event`s as writes commit, resumable from a cursor (`after`). Keys go in the connection parameters (`authorization: Bearer <key>`); the limits of queries apply.";
    }
    const mutation = cached.getMutationType();
    if (mutation) {
      mutation.description =
        "Writes, for API keys with the EDITOR role (merges: ADMIN). Each returns its object and `userErrors`; every change is recorded in `history`.";
    }
  }
  return cached;
}

export const SCHEMA_FILE = path.join(PROJECT_ROOT, "schema.graphql");

/** schema.graphql, sorted so that diffs show real changes only. */
export function printClaimbaseSchema(): string {
  const header =
    "# claimbase public GraphQL API. Generated by `npm run schema` from the resolvers; do not edit.\n" +
    "# CI fails when this file and the code disagree (`npm run check`).\n\n";
  return header + printSchema(lexicographicSortSchema(buildClaimbaseSchema())) + "\n";
}
