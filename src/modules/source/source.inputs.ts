import { Field, InputType } from "type-graphql";
import { type EnumFilterShape, EnumFilterType, StringFilter } from "../../shared/filters";
import { SourceKind } from "./source.type";

export const SourceKindFilter = EnumFilterType<SourceKind>("SourceKind", SourceKind);

@InputType({ description: "Conditions on sources; all given conditions must hold." })
export class SourceFilter {
  @Field(() => SourceKindFilter, { nullable: true, description: "The source's kind." })
  kind?: EnumFilterShape<SourceKind> | null;

  @Field(() => StringFilter, { nullable: true, description: "The source's title." })
  title?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: "The source's URL." })
  url?: StringFilter | null;
}
