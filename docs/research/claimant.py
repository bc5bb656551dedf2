"""A claimant's record into pandas: every claim they made, with the verdicts fact-checkers gave it.

    python3 claimant.py [BASE_URL] [ENTITY_SLUG]
    (defaults: http://localhost:4000 and donald-trump, a speaker of the LIAR statements)

Once from the exports (claims.csv joined to reviews.csv on the claim's ID), once from GraphQL
(HTTP POST, paged); both print the same summary. Needs only pandas and the standard library.
"""

import json
import sys
import urllib.parse
import urllib.request

try:
    import pandas as pd
except ImportError:
    sys.exit(
        "pandas is missing for this python3: apt-get install python3-pandas (Debian) or pip install pandas;"
        " a pyenv or virtualenv python3 may come before Debian's /usr/bin/python3 on PATH"
    )

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:4000"
SLUG = sys.argv[2] if len(sys.argv) > 2 else "donald-trump"


def export_csv(kind, filter_):
    """GET /export/<kind>.csv?filter=<JSON> into a DataFrame, every column as text (nothing guessed).

    escapeFormulas=false: cells exactly as stored (no leading ' for spreadsheets); list cells are JSON.
    """
    query = urllib.parse.urlencode({"filter": json.dumps(filter_), "escapeFormulas": "false"})
    return pd.read_csv(f"{BASE}/export/{kind}.csv?{query}", dtype=str, keep_default_na=False)


def graphql(query, variables=None):
    """POST /graphql; raises on errors instead of returning half an answer."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"{BASE}/graphql", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise RuntimeError(answer["errors"][0]["message"])
    return answer["data"]


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
