# A whole topic into R: its viewpoints, their stances and the claims they take a position on.
#
#   Rscript topic.R [BASE_URL] [TOPIC_SLUG]
#   (defaults: http://localhost:4000 and sanctuary-policy-debate, the story's topic)
#
# Once from the exports (CSV; list cells are JSON arrays), once from GraphQL (HTTP POST); both print
# the same summary. Needs base R, jsonlite and httr (Debian: r-cran-jsonlite r-cran-httr).

# claimbase.R, next to this file: the calls every example shares (BASE, export_csv, graphql, say, counts).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "claimbase.R"))

TOPIC <- if (length(args) >= 2) args[[2]] else "sanctuary-policy-debate"

# stances: one row per stance with viewpoint, claim_id, position; claims: id and claimants (JSON).
summary_of <- function(label, viewpoints, stances, claims) {
  say("== ", label)
  say("viewpoints: ", nrow(viewpoints))
  say("stances: ", nrow(stances))
  say("claims: ", length(unique(claims$id)))
  say("positions: ", counts(stances$position))
  by_claim <- split(stances$position, stances$claim_id)
  contested <- sum(vapply(by_claim, function(p) all(c("SUPPORTS", "OPPOSES") %in% p), logical(1)))
  say("contested claims (supported by one viewpoint, opposed by another): ", contested)
  claimants <- unlist(lapply(claims$claimants, fromJSON))
  top <- table(claimants)
  top <- top[order(-as.integer(top), names(top))][seq_len(min(3, length(top)))]
  say("top claimants: ", paste0(names(top), " (", as.integer(top), ")", collapse = ", "))
}

# ---- from the exports --------------------------------------------------------------------------
on_topic <- list(topic = list(slug = list(equals = TOPIC)))
viewpoints <- export_csv("viewpoints", on_topic)
stances <- export_csv("stances", list(holderViewpoint = on_topic))
claims <- export_csv("claims", list(stances = list(some = list(holderViewpoint = on_topic))))
stances <- data.frame(viewpoint = stances$holder, claim_id = stances$claimId, position = stances$position)
summary_of("export", viewpoints, stances, claims)

# ---- from GraphQL ------------------------------------------------------------------------------
QUERY <- "
query Topic($topic: String!, $after: String) {
  viewpoints(filter: { topic: { slug: { equals: $topic } } }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      slug
      stances(first: 100) {
        totalCount
        nodes { position claim { id claimants { slug } } }
      }
    }
  }
}"
nodes <- list()
after <- NULL
repeat {
  page <- graphql(QUERY, c(list(topic = TOPIC), if (!is.null(after)) list(after = after)))$viewpoints
  nodes <- c(nodes, page$nodes)
  if (!isTRUE(page$pageInfo$hasNextPage)) break
  after <- page$pageInfo$endCursor
}
rows <- do.call(rbind, lapply(nodes, function(viewpoint) {
  # A viewpoint with more than 100 stances would need paging here too (stances(after:)).
  stopifnot(viewpoint$stances$totalCount <= 100)
  do.call(rbind, lapply(viewpoint$stances$nodes, function(stance) {
    slugs <- vapply(stance$claim$claimants, function(c) c$slug, character(1))
    data.frame(viewpoint = viewpoint$slug, claim_id = stance$claim$id, position = stance$position,
               claimants = as.character(toJSON(slugs)))
  }))
}))
claims <- rows[!duplicated(rows$claim_id), ]
claims$id <- claims$claim_id
summary_of("graphql", data.frame(slug = vapply(nodes, function(v) v$slug, character(1))), rows, claims)
