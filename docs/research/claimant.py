"""A claimant's record into pandas: every claim they made, with the verdicts fact-checkers gave it.

    python3 claimant.py [BASE_URL] [ENTITY_SLUG]
    (defaults: http://localhost:4000 and donald-trump, a speaker of the LIAR statements)

Once from the exports (claims.csv joined to reviews.csv on the claim's ID), once from GraphQL
(HTTP POST, paged); both print the same summary. Needs only pandas and the standard library.
"""

import sys

from claimbase import export_csv, graphql, pd  # claimbase.py, next to this file: the calls every example shares

SLUG = sys.argv[2] if len(sys.argv) > 2 else "donald-trump"


def summary(label, record):
    """record: one row per (claim, verdict), `verdict` empty for a claim nobody reviewed."""
    claims = record.drop_duplicates("id")
    print(f"== {label}")
    print(f"claims: {len(claims)}")
    print("kinds: " + " ".join(f"{k}={v}" for k, v in claims["kind"].value_counts().sort_index().items()))
    verdicts = record["verdict"].replace("", "UNREVIEWED").value_counts().sort_index()
    print("verdicts: " + " ".join(f"{k}={v}" for k, v in verdicts.items()))
    reviewed = record[record["verdict"] != ""]
    false_share = reviewed["verdict"].isin(["FALSE", "MOSTLY_FALSE"]).mean() if len(reviewed) else 0.0
    print(f"share of verdicts FALSE or MOSTLY_FALSE: {false_share:.2f}")


# ---- from the exports --------------------------------------------------------------------------
by_claimant = {"claimants": {"some": {"slug": {"equals": SLUG}}}}
claims = export_csv("claims", by_claimant)
reviews = export_csv("reviews", {"claim": by_claimant})
record = claims.merge(
    reviews[["claimId", "normalizedRating"]], how="left", left_on="id", right_on="claimId"
).fillna({"normalizedRating": ""})
summary("export", record.rename(columns={"normalizedRating": "verdict"}))

# ---- from GraphQL ------------------------------------------------------------------------------
QUERY = """
query Record($slug: String!, $after: String) {
  entity(slug: $slug) {
    name
    claimsMade(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id text kind reviews(first: 20) { nodes { normalizedRating } } }
    }
  }
}
"""
rows, after = [], None
while True:
    entity = graphql(QUERY, {"slug": SLUG, "after": after})["entity"]
    if entity is None:
        sys.exit(f"no entity {SLUG!r}")
    page = entity["claimsMade"]
    for claim in page["nodes"]:
        verdicts = [r["normalizedRating"] for r in claim["reviews"]["nodes"]] or [""]
        rows += [{"id": claim["id"], "kind": claim["kind"], "verdict": v} for v in verdicts]
    if not page["pageInfo"]["hasNextPage"]:
        break
    after = page["pageInfo"]["endCursor"]
summary("graphql", pd.DataFrame(rows))
