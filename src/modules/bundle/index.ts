export { BundleError, loadBundle, readBundleFile, type LoadReport } from "./bundle.loader";
export type { Bundle, QuoteRef } from "./bundle.types";
