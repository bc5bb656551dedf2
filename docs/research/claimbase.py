"""What every example of docs/research.md shares: the server's address and two calls.

    from claimbase import BASE, export_csv, graphql, pd

Python finds this file next to the script it runs (the script's folder is first on sys.path). The
server's address is the script's first argument (default http://localhost:4000). Needs only pandas
(Debian: python3-pandas) and the standard library.
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
