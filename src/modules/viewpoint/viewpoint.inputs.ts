import { Field, InputType } from "type-graphql";
import { StringFilter } from "../../shared/filters";

@InputType({ description: "Conditions on viewpoints; all given conditions must hold." })
export class ViewpointFilter {
  @Field(() => StringFilter, { nullable: true, description: "The viewpoint's title." })
  title?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: "The viewpoint's slug." })
  slug?: StringFilter | null;
}
