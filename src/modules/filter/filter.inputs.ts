import { ArgsType, Field, InputType, registerEnumType, type ClassType } from "type-graphql";
import { PageArgsInput } from "../../shared/connection-types";
import {
  DateFilter,
  DateTimeFilter,
  EnumFilterType,
  ExternalIdInput,
  IDFilter,
  IntFilter,
  StringFilter,
} from "../../shared/filters";
import { MODEL, TYPE_NAMES, type FieldModel, type TypeName } from "./filter.model";

/**
 * GraphQL inputs generated from MODEL: `<Type>Filter` (fields, relations, AND/OR/NOT),
 * `<Type>ListFilter` (some/every/none), `<Type>Order` and `<Type>OrderField`, and `<Type>ListArgs`
 * (paging + filter + orderBy + search) for every connection of that type.
 */

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: { ASC: { description: "Smallest first." }, DESC: { description: "Largest first." } },
});

export interface ListFilterShape {
  some?: FilterShape | null;
  every?: FilterShape | null;
  none?: FilterShape | null;
}
export type FilterShape = { AND?: FilterShape[] | null; OR?: FilterShape[] | null; NOT?: FilterShape | null } & Record<
  string,
  unknown
>;

export interface OrderShape {
  field: string;
  direction?: OrderDirection | null;
}

export interface ListArgsShape {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: FilterShape | null;
  orderBy?: OrderShape[] | null;
  search?: string | null;
  /** Retractable types only (Stance, ClaimRelation). */
  includeRetracted?: boolean | null;
}

function named<T extends ClassType>(name: string): T {
  const Class = class {};
  Object.defineProperty(Class, "name", { value: name });
  return Class as unknown as T;
}

const enumFilters = new Map<string, ClassType>();
function enumFilter(field: Extract<FieldModel, { kind: "enum" }>): ClassType {
  let Class = enumFilters.get(field.enumName);
  if (!Class) {
    Class = EnumFilterType(field.enumName, field.enumType);
    enumFilters.set(field.enumName, Class);
  }
  return Class;
}

export const FILTERS = {} as Record<TypeName, ClassType>;
export const LIST_FILTERS = {} as Record<TypeName, ClassType>;
export const ORDERS = {} as Record<TypeName, ClassType | undefined>;
export const ORDER_FIELDS = {} as Record<TypeName, Record<string, string>>;
export const LIST_ARGS = {} as Record<TypeName, ClassType>;

// Every class must exist before the schema is built (type-graphql reads its metadata once, up front),
// so enum filters are made here rather than inside the field thunks below.
for (const type of TYPE_NAMES) {
  FILTERS[type] = named(`${type}Filter`);
  LIST_FILTERS[type] = named(`${type}ListFilter`);
  for (const field of Object.values(MODEL[type].fields)) if (field.kind === "enum") enumFilter(field);
}

function scalarFilter(field: FieldModel): ClassType {
  switch (field.kind) {
    case "id":
      return IDFilter;
    case "string":
    case "names":
      return StringFilter;
    case "externalId":
      return ExternalIdInput;
    case "int":
      return IntFilter;
    case "datetime":
      return DateTimeFilter;
    case "date":
      return DateFilter;
    case "enum":
      return enumFilter(field);
    case "one":
      return FILTERS[field.target];
    case "many":
      return LIST_FILTERS[field.target];
  }
}

for (const type of TYPE_NAMES) {
  const model = MODEL[type];
  const Filter = FILTERS[type];
  const proto = Filter.prototype as object;
  Field(() => [Filter], { nullable: true, description: "All of these filters must hold." })(proto, "AND");
  Field(() => [Filter], { nullable: true, description: "At least one of these filters must hold." })(proto, "OR");
  Field(() => Filter, { nullable: true, description: "This filter must not hold." })(proto, "NOT");
  for (const [name, field] of Object.entries(model.fields)) {
    const description =
      field.kind === "many"
        ? `${field.description} Use some/every/none.`
        : field.kind === "one"
          ? `${field.description} Matches when it exists and satisfies the filter.`
          : field.description;
    Field(() => scalarFilter(field), { nullable: true, description })(proto, name);
  }
  InputType(`${type}Filter`, {
    description: `Conditions on ${model.description}. All given fields must hold; combine with AND, OR and NOT.`,
  })(Filter);

  const List = LIST_FILTERS[type];
  const listProto = List.prototype as object;
  Field(() => Filter, { nullable: true, description: "At least one related item matches." })(listProto, "some");
  Field(() => Filter, { nullable: true, description: "Every related item matches (true when there are none)." })(
    listProto,
    "every",
  );
  Field(() => Filter, { nullable: true, description: "No related item matches." })(listProto, "none");
  InputType(`${type}ListFilter`, { description: `Conditions on a list of related ${model.description}.` })(List);

  const orderValues = Object.keys(model.order);
  if (orderValues.length > 0) {
    const fields: Record<string, string> = Object.fromEntries(orderValues.map((value) => [value, value]));
    if (model.search) fields.RELEVANCE = "RELEVANCE";
    ORDER_FIELDS[type] = fields;
    registerEnumType(fields, {
      name: `${type}OrderField`,
      description: `What to sort ${model.description} by. Every ordering ends with insertion order as a tie-break.`,
      valuesConfig: {
        ...Object.fromEntries(orderValues.map((value) => [value, { description: model.order[value]!.description }])),
        ...(model.search ? { RELEVANCE: { description: "Best match first; only with `search`." } } : {}),
      },
    });
    const Order = named<ClassType>(`${type}Order`);
    Field(() => fields, { description: "The field to sort by." })(Order.prototype as object, "field");
    Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "Sort direction." })(
      Order.prototype as object,
      "direction",
    );
    InputType(`${type}Order`, { description: `A sort key for ${model.description}.` })(Order);
    ORDERS[type] = Order;
  }

  const Args = named<ClassType>(`${type}ListArgs`);
  Object.setPrototypeOf(Args.prototype, PageArgsInput.prototype);
  Object.setPrototypeOf(Args, PageArgsInput);
  const argsProto = Args.prototype as object;
  Field(() => Filter, { nullable: true, description: `Only ${model.description} matching this filter.` })(
    argsProto,
    "filter",
  );
  const Order = ORDERS[type];
  if (Order) {
    Field(() => [Order], {
      nullable: true,
      description: "Sort keys, most significant first. Default: insertion order, or RELEVANCE when searching.",
    })(argsProto, "orderBy");
  }
  if (model.search) {
    Field(() => String, {
      nullable: true,
      description:
        'Full-text search, web-search syntax: words, "quoted phrases", OR, -excluded; plain words also match with typos. Only matching items are listed.',
    })(argsProto, "search");
  }
  if (model.retractable) {
    Field(() => Boolean, {
      defaultValue: false,
      description: `Also list retracted ${model.description} (with \`retractedAt\` and \`retractionReason\`); left out by default.`,
    })(argsProto, "includeRetracted");
  }
  ArgsType()(Args);
  LIST_ARGS[type] = Args;
}
