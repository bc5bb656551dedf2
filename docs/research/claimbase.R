# What every example of docs/research.md shares: the server's address and the calls.
#
#   source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "claimbase.R"))
#
# (Rscript gives a script its own path only as --file=...: that line finds this file next to it.)
# The server's address is the script's first argument (default http://localhost:4000). Needs base R,
# jsonlite and httr (Debian: r-cran-jsonlite r-cran-httr).
suppressPackageStartupMessages({
  library(httr)
  library(jsonlite)
})

invisible(Sys.setlocale("LC_COLLATE", "C")) # sort names as Python does, whatever the locale
args <- commandArgs(trailingOnly = TRUE)
BASE <- if (length(args) >= 1) args[[1]] else "http://localhost:4000"

# GET /export/<kind>.csv?filter=<JSON> into a data frame of text columns (nothing guessed; an
# empty cell stays "", and a value "NA" stays "NA"). escapeFormulas=false: cells exactly as stored.
export_csv <- function(kind, filter) {
  response <- GET(paste0(BASE, "/export/", kind, ".csv"),
                  query = list(filter = toJSON(filter, auto_unbox = TRUE), escapeFormulas = "false"))
  stop_for_status(response)
  read.csv(text = content(response, as = "text", encoding = "UTF-8"), colClasses = "character",
           na.strings = character(0), check.names = FALSE)
}

# POST /graphql; stops on errors instead of returning half an answer.
graphql <- function(query, variables = list()) {
  response <- POST(paste0(BASE, "/graphql"), encode = "json",
                   body = list(query = query, variables = variables))
  answer <- fromJSON(content(response, as = "text", encoding = "UTF-8"), simplifyVector = FALSE)
  if (!is.null(answer$errors)) stop(answer$errors[[1]]$message)
  answer$data
}

say <- function(...) cat(..., "\n", sep = "")

# "a=2 b=5": how often each value occurs, in name order.
counts <- function(values) {
  t <- table(values)
  paste0(names(t), "=", as.integer(t), collapse = " ")
}
