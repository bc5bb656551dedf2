"""Verdict statistics into pandas: how fact-checkers rated the claims, overall and per reviewer.

    python3 verdicts.py [BASE_URL]
    (default: http://localhost:4000)

Once from the NDJSON export of reviews (one JSON record per line), once from GraphQL: the
`claimFacets { byRating }` counts, one request however many claims. Needs only pandas.
"""

import io
import sys
import urllib.request

from claimbase import BASE, graphql, pd  # claimbase.py, next to this file: the calls every example shares

ORDER = ["TRUE", "MOSTLY_TRUE", "MIXED", "MOSTLY_FALSE", "FALSE", "UNPROVEN"]


def line(label, counts):
    counts = counts.reindex(ORDER).dropna().astype(int)
    print(f"{label}: " + " ".join(f"{k}={v}" for k, v in counts.items()))


# ---- from the export ---------------------------------------------------------------------------
# Each line is a bundle record: {"type": "review", "claim": ..., "reviewer": "<slug>", "normalizedRating": ...}
with urllib.request.urlopen(f"{BASE}/export/reviews.ndjson") as response:
    text = response.read().decode("utf-8")
if not text:
    sys.exit("no reviews yet: load fact-checks first (docs/research.md, Setting up: the LIAR statements)")
reviews = pd.read_json(io.StringIO(text), lines=True, dtype=False)
print("== export")
print(f"reviews: {len(reviews)}")
line("ratings", reviews["normalizedRating"].value_counts())
share = reviews["normalizedRating"].value_counts(normalize=True).reindex(ORDER).fillna(0)
print(f"share FALSE or MOSTLY_FALSE: {share['FALSE'] + share['MOSTLY_FALSE']:.2f}")
# The same counts per reviewer, as a reviewer x rating table.
table = pd.crosstab(reviews["reviewer"], reviews["normalizedRating"]).reindex(columns=ORDER, fill_value=0)
for reviewer, counts in table.iterrows():
    line(f"reviewer {reviewer}", counts[counts > 0])

# ---- from GraphQL ------------------------------------------------------------------------------
# Counts claims per rating (a claim rated twice differently counts under both); LIAR has one review
# per claim, so here they equal the review counts.
data = graphql("{ claimFacets(filter: { reviews: { some: {} } }) { byRating { key count } } }")
facets = pd.DataFrame(data["claimFacets"]["byRating"]).set_index("key")["count"]
print("== graphql")
print(f"reviewed claims: {facets.sum()}")
line("ratings", facets)
