/**
 * Example operations preloaded in the playground, one tab each. They are real questions about the
 * sample story; tests/integration/playground.test.ts runs every one of them against the seeded data.
 */
export interface ExampleQuery {
  title: string;
  query: string;
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    title: "Viewpoints side by side",
    query: `# The sides of the sanctuary-city story: who holds each viewpoint (and where they say so) and where it stands on each claim.
query ViewpointsSideBySide {
  viewpoints(first: 10) {
    totalCount
    nodes {
      title
      summary
      topic { name }
      membersConnection(first: 20) { totalCount nodes { role entity { name kind } evidence { exact attribution } } }
      stances(first: 50) {
        totalCount
        nodes {
          position
          note
          claim { text }
          evidence { exact attribution speakers { name } source { title } }
        }
      }
    }
  }
}`,
  },
  {
    title: "Every claim with its evidence",
    query: `# Each claim, who makes it, and the verbatim quotes it rests on, with their offsets in the source text and who speaks in them.
query ClaimsWithEvidence {
  claims(first: 50) {
    totalCount
    nodes {
      id
      text
      kind
      claimants { name }
      subjects { name }
      appearancesConnection(first: 10) {
        totalCount
        nodes {
          exact
          start
          end
          attribution
          speakers { name }
          cue { exact }
          source { title kind publishedAt }
        }
      }
    }
  }
}`,
  },
  {
    title: "What the mayor claims",
    query: `# An actor's record: its own words, the claims it makes, its stances (and its viewpoints' stances, apart), and how it relates to others.
query MayorsRecord {
  entity(slug: "sanctuary-city-mayor") {
    name
    description
    viewpoints { role viewpoint { title } }
    relationsOut { nodes { predicate object { name } evidence { exact } } }
    quotedIn(first: 20, filter: { attribution: { equals: DIRECT } }) { nodes { exact cue { exact } } }
    claimsMade(first: 20) { totalCount nodes { text kind } }
    stances(first: 20) { nodes { position claim { text } } }
    viewpointStances(first: 20) { nodes { position claim { text } holder { ... on Viewpoint { title } } } }
  }
}`,
  },
  {
    title: "The argument map",
    query: `# How claims support and attack one another, with the evidence for each link.
query ArgumentMap {
  claims(first: 50, filter: { kind: { in: [CAUSAL, NORMATIVE] } }) {
    nodes {
      text
      relationsOut { nodes { kind to { text } evidence { exact } } }
      relationsIn { nodes { kind from { text } } }
    }
  }
}`,
  },
  {
    title: "Where the story comes from",
    query: `# Source lineage: the article is a rewrite of a New York Post post.
query SourceLineage {
  sources(first: 10) {
    nodes {
      title
      kind
      publishedAt
      textSha256
      publisher { name }
      derivationKind
      derivedFrom { title publisher { name } publishedAt }
      derivatives { nodes { title } }
      quotes(first: 5) { totalCount nodes { exact start end } }
    }
  }
}`,
  },
  {
    title: "Search, typos welcome",
    query: `# One search box over everything: claims, entities, quotes, sources and viewpoints, ranked in tiers
# (exact text first, then phrase, all words, typo-corrected). "polise cheif" still finds the police chief.
query Search {
  search(query: "polise cheif", first: 8) {
    totalCount
    nodes {
      rank
      snippet
      node {
        __typename
        ... on Entity { name }
        ... on Claim { text }
        ... on Quote { exact source { title } }
      }
    }
  }
}`,
  },
  {
    title: "Most covered claims",
    query: `# Which claims the most sources and viewpoints carry (coverage), with their stances; dates can be plain days.
query MostCovered {
  claims(first: 5, orderBy: [{ field: COVERAGE_SOURCES, direction: DESC }], filter: { createdAt: { gte: "2020-01-01" } }) {
    nodes {
      text
      coverage { sources publishers viewpoints }
      stances(first: 5) { nodes { position holder { ... on Entity { name } ... on Viewpoint { title } } } }
    }
  }
}`,
  },
  {
    title: "Find entities",
    query: `# Filters: entities of some kinds whose name or alias contains a word.
query FindEntities {
  entities(first: 20, filter: { kind: { in: [GROUP, GOVERNMENT_BODY] }, nameOrAlias: { contains: "patrol" } }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id slug name aliases kind }
  }
}`,
  },
];
