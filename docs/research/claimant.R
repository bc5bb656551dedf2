# A claimant's record into R: every claim they made, with the verdicts fact-checkers gave it.
#
#   Rscript claimant.R [BASE_URL] [ENTITY_SLUG]
#   (defaults: http://localhost:4000 and donald-trump, a speaker of the LIAR statements)
#
# Once from the exports (claims.csv merged with reviews.csv on the claim's ID), once from GraphQL
# (HTTP POST, paged); both print the same summary. Needs base R, jsonlite and httr.

# claimbase.R, next to this file: the calls every example shares (BASE, export_csv, graphql, say, counts).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "claimbase.R"))

SLUG <- if (length(args) >= 2) args[[2]] else "donald-trump"

# record: one row per (claim, verdict), verdict "" for a claim nobody reviewed.
summary_of <- function(label, record) {
  claims <- record[!duplicated(record$id), ]
  say("== ", label)
  say("claims: ", nrow(claims))
  say("kinds: ", counts(claims$kind))
  say("verdicts: ", counts(ifelse(record$verdict == "", "UNREVIEWED", record$verdict)))
  reviewed <- record$verdict[record$verdict != ""]
  share <- if (length(reviewed) > 0) mean(reviewed %in% c("FALSE", "MOSTLY_FALSE")) else 0
  say("share of verdicts FALSE or MOSTLY_FALSE: ", sprintf("%.2f", share))
}

# ---- from the exports --------------------------------------------------------------------------
by_claimant <- list(claimants = list(some = list(slug = list(equals = SLUG))))
claims <- export_csv("claims", by_claimant)
reviews <- export_csv("reviews", list(claim = by_claimant))
record <- merge(claims[, c("id", "kind")], reviews[, c("claimId", "normalizedRating")],
                by.x = "id", by.y = "claimId", all.x = TRUE)
record$verdict <- ifelse(is.na(record$normalizedRating), "", record$normalizedRating)
summary_of("export", record)

# ---- from GraphQL ------------------------------------------------------------------------------
QUERY <- "
query Record($slug: String!, $after: String) {
  entity(slug: $slug) {
    name
    claimsMade(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id kind reviews(first: 20) { nodes { normalizedRating } } }
    }
  }
}"
rows <- list()
after <- NULL
repeat {
  entity <- graphql(QUERY, c(list(slug = SLUG), if (!is.null(after)) list(after = after)))$entity
  if (is.null(entity)) stop("no entity ", SLUG)
  page <- entity$claimsMade
  for (claim in page$nodes) {
    verdicts <- vapply(claim$reviews$nodes, function(r) r$normalizedRating, character(1))
    if (length(verdicts) == 0) verdicts <- ""
    rows[[length(rows) + 1]] <- data.frame(id = claim$id, kind = claim$kind, verdict = verdicts)
  }
  if (!isTRUE(page$pageInfo$hasNextPage)) break
  after <- page$pageInfo$endCursor
}
summary_of("graphql", do.call(rbind, rows))
