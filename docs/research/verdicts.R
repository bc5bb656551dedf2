# Verdict statistics into R: how fact-checkers rated the claims, overall and per reviewer.
#
#   Rscript verdicts.R [BASE_URL]
#   (default: http://localhost:4000)
#
# Once from the NDJSON export of reviews (one JSON record per line), once from GraphQL: the
# `claimFacets { byRating }` counts, one request however many claims. Needs base R, jsonlite, httr.

# claimbase.R, next to this file: the calls every example shares (BASE, export_csv, graphql, say, counts).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "claimbase.R"))

ORDER <- c("TRUE", "MOSTLY_TRUE", "MIXED", "MOSTLY_FALSE", "FALSE", "UNPROVEN")
# Counts in verdict order, the ratings that occur only.
line <- function(label, counts) {
  counts <- counts[intersect(ORDER, names(counts))]
  counts <- counts[counts > 0]
  say(label, ": ", paste0(names(counts), "=", as.integer(counts), collapse = " "))
}

# ---- from the export ---------------------------------------------------------------------------
# Each line is a bundle record: {"type": "review", "claim": ..., "reviewer": "<slug>", "normalizedRating": ...}
response <- GET(paste0(BASE, "/export/reviews.ndjson"))
stop_for_status(response)
text <- content(response, as = "text", encoding = "UTF-8")
if (is.na(text) || !nzchar(text)) {
  message("no reviews yet: load fact-checks first (docs/research.md, Setting up: the LIAR statements)")
  quit(status = 1)
}
reviews <- stream_in(textConnection(text), verbose = FALSE)
say("== export")
say("reviews: ", nrow(reviews))
ratings <- table(reviews$normalizedRating)
line("ratings", ratings)
share <- sum(ratings[intersect(c("FALSE", "MOSTLY_FALSE"), names(ratings))]) / nrow(reviews)
say("share FALSE or MOSTLY_FALSE: ", sprintf("%.2f", share))
# The same counts per reviewer, as a reviewer x rating table.
table <- table(reviews$reviewer, reviews$normalizedRating)
for (reviewer in rownames(table)) line(paste("reviewer", reviewer), table[reviewer, ])

# ---- from GraphQL ------------------------------------------------------------------------------
# Counts claims per rating (a claim rated twice differently counts under both); LIAR has one review
# per claim, so here they equal the review counts.
data <- graphql("{ claimFacets(filter: { reviews: { some: {} } }) { byRating { key count } } }")
buckets <- data$claimFacets$byRating
facets <- setNames(vapply(buckets, function(b) b$count, numeric(1)), vapply(buckets, function(b) b$key, character(1)))
say("== graphql")
say("reviewed claims: ", sum(facets))
line("ratings", facets)
