export { MODEL, TYPE_NAMES, type TypeName } from "./filter.model";
export {
  FILTERS,
  LIST_ARGS,
  LIST_FILTERS,
  ORDERS,
  OrderDirection,
  type FilterShape,
  type ListArgsShape,
} from "./filter.inputs";
export { filterSql } from "./filter.compiler";
export { applyListArgs, loadList, prefetchList, searchFingerprint, searchText, type AppliedList } from "./list-args";
