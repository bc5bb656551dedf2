export { ClaimFacetsResolver, FacetBucketResolver, SourceFacetsResolver } from "./facets.resolver";
