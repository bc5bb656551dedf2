export { SearchConnection, SearchResolver } from "./search.resolver";
export { SearchHit, SearchResult, SearchType } from "./search.type";
