import { Field, ID, InterfaceType } from "type-graphql";
import type { NodeTypeName } from "./global-id";

/** Relay's Node: anything with a global ID that `node(id:)` can fetch again. */
@InterfaceType("Node", {
  description: "An object with a stable, opaque global ID that `node(id:)` resolves.",
  resolveType: (value: { __typename?: NodeTypeName }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID. Stable across releases; do not parse it." })
  id!: string;
}
