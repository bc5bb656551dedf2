/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ClaimsOfKind($kind: ClaimKind!, $first: Int = 10, $after: String) {\n  claims(filter: {kind: {equals: $kind}}, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      text\n      kind\n      statedAt\n      claimants {\n        slug\n        name\n      }\n    }\n  }\n}": typeof types.ClaimsOfKindDocument,
    "query EntityBySlug($slug: String!) {\n  entity(slug: $slug) {\n    id\n    slug\n    name\n    kind\n    aliases\n    description\n  }\n}": typeof types.EntityBySlugDocument,
    "query Viewpoints($first: Int = 4) {\n  viewpoints(first: $first) {\n    totalCount\n    nodes {\n      id\n      slug\n      title\n      summary\n      stances(first: 5) {\n        totalCount\n        nodes {\n          position\n          claim {\n            id\n            text\n          }\n        }\n      }\n    }\n  }\n}": typeof types.ViewpointsDocument,
};
const documents: Documents = {
    "query ClaimsOfKind($kind: ClaimKind!, $first: Int = 10, $after: String) {\n  claims(filter: {kind: {equals: $kind}}, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      text\n      kind\n      statedAt\n      claimants {\n        slug\n        name\n      }\n    }\n  }\n}": types.ClaimsOfKindDocument,
    "query EntityBySlug($slug: String!) {\n  entity(slug: $slug) {\n    id\n    slug\n    name\n    kind\n    aliases\n    description\n  }\n}": types.EntityBySlugDocument,
    "query Viewpoints($first: Int = 4) {\n  viewpoints(first: $first) {\n    totalCount\n    nodes {\n      id\n      slug\n      title\n      summary\n      stances(first: 5) {\n        totalCount\n        nodes {\n          position\n          claim {\n            id\n            text\n          }\n        }\n      }\n    }\n  }\n}": types.ViewpointsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ClaimsOfKind($kind: ClaimKind!, $first: Int = 10, $after: String) {\n  claims(filter: {kind: {equals: $kind}}, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      text\n      kind\n      statedAt\n      claimants {\n        slug\n        name\n      }\n    }\n  }\n}"): typeof import('./graphql').ClaimsOfKindDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EntityBySlug($slug: String!) {\n  entity(slug: $slug) {\n    id\n    slug\n    name\n    kind\n    aliases\n    description\n  }\n}"): typeof import('./graphql').EntityBySlugDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewpoints($first: Int = 4) {\n  viewpoints(first: $first) {\n    totalCount\n    nodes {\n      id\n      slug\n      title\n      summary\n      stances(first: 5) {\n        totalCount\n        nodes {\n          position\n          claim {\n            id\n            text\n          }\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql').ViewpointsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
