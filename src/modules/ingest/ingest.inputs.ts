import { Field, ID, InputType, Int } from "type-graphql";
import { Attribution, SourceKind } from "../source";
import { ClaimKind } from "../claim";
import { EntityKind } from "../entity";
import { StancePosition } from "../stance";
import type { ClaimKindName, EntityKindName } from "./analysis.model";

@InputType({
  description:
    "A document to ingest: plain `text` or an HTML page (`html`, whose main text is extracted), exactly one, with what is known about it. It is stored as a Source (found again by its url, else by its text's SHA-256) and analysed into suggestions.",
})
export class IngestDocumentInput {
  @Field(() => String, { nullable: true, description: "The document as plain text." })
  text?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The document as an HTML page: its main text is extracted (Readability), without navigation or ads.",
  })
  html?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Title or headline; from the page's title when left out, else the text's first line.",
  })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "Canonical URL: the source's key when given." })
  url?: string | null;

  @Field(() => SourceKind, { nullable: true, description: "What sort of document it is; NEWS_ARTICLE when left out." })
  kind?: SourceKind | null;

  @Field(() => ID, { nullable: true, description: "The publisher (an Entity's ID)." })
  publisher?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "The authors (Entity IDs): who speaks in the source's own voice (AUTHOR suggestions).",
  })
  authors?: string[] | null;

  @Field(() => Date, { nullable: true, description: "When it was published." })
  publishedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "Language of the text (BCP 47, e.g. `en`)." })
  language?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "An earlier source this one rewrites, syndicates, quotes or translates (a Source ID).",
  })
  derivedFrom?: string | null;
}

@InputType({
  description:
    "Accept a suggestion: what it proposes is written through the normal writers (attribution rules, revisions and roles apply). Any edit given makes its status EDITED.",
})
export class AcceptSuggestionInput {
  @Field(() => ID, { description: "The suggestion." })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The version you saw; refused when it changed since." })
  version?: number | null;

  @Field(() => [ID], {
    nullable: true,
    description: "QUOTE and CLAIM: the speakers (Entity IDs), replacing those proposed.",
  })
  speakers?: string[] | null;

  @Field(() => Attribution, {
    nullable: true,
    description: "QUOTE and CLAIM: the attribution, replacing the proposed one.",
  })
  attribution?: Attribution | null;

  @Field(() => ID, {
    nullable: true,
    description: "MENTION: the existing entity meant (an Entity ID), instead of the one proposed or a new one.",
  })
  entity?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "MENTION: the name of the new entity, replacing the proposed one.",
  })
  name?: string | null;

  @Field(() => EntityKind, { nullable: true, description: "MENTION: the kind of the new entity." })
  entityKind?: EntityKindName | null;

  @Field(() => String, { nullable: true, description: "CLAIM: the claim's text, replacing the proposed one." })
  text?: string | null;

  @Field(() => ClaimKind, { nullable: true, description: "CLAIM: the claim's kind." })
  claimKind?: ClaimKindName | null;

  @Field(() => [ID], {
    nullable: true,
    description: "CLAIM: what the claim is about (Entity IDs), replacing the known entities proposed.",
  })
  subjects?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "CLAIM: an existing claim (e.g. a MATCH among `matches`) that the span is another appearance of; no new claim is made.",
  })
  existingClaim?: string | null;

  @Field(() => StancePosition, {
    nullable: true,
    description: "CLAIM: also record each speaker's stance on the claim, with this position and the span as evidence.",
  })
  stance?: StancePosition | null;

  @Field(() => String, { nullable: true, description: "Why, in a few words (kept with the decision)." })
  reason?: string | null;
}

@InputType({ description: "Reject a suggestion: nothing is written; the decision is kept." })
export class RejectSuggestionInput {
  @Field(() => ID, { description: "The suggestion." })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The version you saw; refused when it changed since." })
  version?: number | null;

  @Field(() => String, { nullable: true, description: "Why, in a few words (kept with the decision)." })
  reason?: string | null;
}
