"""A whole topic into pandas: its viewpoints, their stances and the claims they take a position on.

    python3 topic.py [BASE_URL] [TOPIC_SLUG]
    (defaults: http://localhost:4000 and sanctuary-policy-debate, the story's topic)

Once from the exports (CSV; list cells are JSON arrays), once from GraphQL (HTTP POST); both print
the same summary. Needs only pandas (Debian: python3-pandas) and the standard library.
"""

import json
import sys

from claimbase import export_csv, graphql, pd  # claimbase.py, next to this file: the calls every example shares

TOPIC = sys.argv[2] if len(sys.argv) > 2 else "sanctuary-policy-debate"


def summary(label, viewpoints, stances, claims):
    """stances: one row per stance with `viewpoint`, `claim_id`, `position`."""
    print(f"== {label}")
    print(f"viewpoints: {len(viewpoints)}")
    print(f"stances: {len(stances)}")
    print(f"claims: {claims['id'].nunique()}")
    positions = stances["position"].value_counts().sort_index()
    print("positions: " + " ".join(f"{k}={v}" for k, v in positions.items()))
    # One row per claim, one column per viewpoint: who supports and who opposes what.
    grid = stances.pivot_table(index="claim_id", columns="viewpoint", values="position", aggfunc="first")
    contested = grid.apply(lambda row: {"SUPPORTS", "OPPOSES"} <= set(row.dropna()), axis=1)
    print(f"contested claims (supported by one viewpoint, opposed by another): {int(contested.sum())}")
    claimants = claims["claimants"].map(json.loads).explode().dropna()
    top = claimants.value_counts().sort_index().sort_values(ascending=False, kind="stable").head(3)
    print("top claimants: " + ", ".join(f"{k} ({v})" for k, v in top.items()))


# ---- from the exports --------------------------------------------------------------------------
on_topic = {"topic": {"slug": {"equals": TOPIC}}}
viewpoints = export_csv("viewpoints", on_topic)
stances = export_csv("stances", {"holderViewpoint": on_topic})
claims = export_csv("claims", {"stances": {"some": {"holderViewpoint": on_topic}}})
stances = stances.rename(columns={"holder": "viewpoint", "claimId": "claim_id"})
summary("export", viewpoints, stances, claims)

# ---- from GraphQL ------------------------------------------------------------------------------
QUERY = """
query Topic($topic: String!, $after: String) {
  viewpoints(filter: { topic: { slug: { equals: $topic } } }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      slug
      stances(first: 100) {
        totalCount
        nodes { position claim { id text claimants { slug } } }
      }
    }
  }
}
"""
rows, nodes, after = [], [], None
while True:
    page = graphql(QUERY, {"topic": TOPIC, "after": after})["viewpoints"]
    nodes += page["nodes"]
    if not page["pageInfo"]["hasNextPage"]:
        break
    after = page["pageInfo"]["endCursor"]
for viewpoint in nodes:
    # A viewpoint with more than 100 stances would need paging here too (stances(after:)).
    assert viewpoint["stances"]["totalCount"] <= 100, "page the stances"
    for stance in viewpoint["stances"]["nodes"]:
        claim = stance["claim"]
        rows.append(
            {
                "viewpoint": viewpoint["slug"],
                "claim_id": claim["id"],
                "position": stance["position"],
                "claimants": json.dumps([c["slug"] for c in claim["claimants"]]),
            }
        )
stances = pd.DataFrame(rows)
claims = stances.drop_duplicates("claim_id").rename(columns={"claim_id": "id"})
summary("graphql", pd.DataFrame(nodes), stances, claims)
