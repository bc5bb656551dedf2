import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DerivationKind, SourceKind } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";

export { DerivationKind, SourceKind };

registerEnumType(SourceKind, {
  name: "SourceKind",
  description: "What sort of document a source is.",
  valuesConfig: {
    NEWS_ARTICLE: { description: "A news or magazine article, including rewrites and summaries." },
    SOCIAL_POST: { description: "A post on a social network." },
    OFFICIAL_STATEMENT: { description: "A statement, release or speech by an official body or person." },
    FACT_CHECK: { description: "A fact-check (the document behind a Review)." },
    REPORT: { description: "A study, report or white paper." },
    LEGAL_TEXT: { description: "A law, ordinance, ruling or filing." },
    OTHER: { description: "Anything else." },
  },
});

registerEnumType(DerivationKind, {
  name: "DerivationKind",
  description: "How a source derives from an earlier one (W3C PROV's wasDerivedFrom, specialised).",
  valuesConfig: {
    REWRITE: { description: "Reworded from the earlier source (an SEO rewrite, a summary)." },
    SYNDICATION: { description: "Republished unchanged." },
    QUOTATION: { description: "Quotes or embeds the earlier source." },
    TRANSLATION: { description: "Translated from the earlier source." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A document something was said in: an article, a post, a statement, a fact-check. Holds a text snapshot that quotes point into.",
})
export class Source {
  readonly __typename = "Source" as const;
  uuid!: string;
  publisherId!: string | null;
  derivedFromId!: string | null;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Source", this.uuid);
  }

  @Field(() => SourceKind, { description: "What sort of document this is." })
  kind!: SourceKind;

  @Field({ description: "Title or headline as published." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Canonical URL; the natural key when present." })
  url!: string | null;

  @Field(() => Date, { nullable: true, description: "When it was published, if known." })
  publishedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the text snapshot was retrieved, if known." })
  retrievedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Language of the text (BCP 47 tag, e.g. `en`)." })
  language!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The text snapshot that quotes point into. Quote offsets count Unicode code points in this text.",
  })
  text!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Lowercase hex SHA-256 of the UTF-8 text snapshot; the natural key when there is no URL.",
  })
  textSha256!: string | null;

  @Field(() => DerivationKind, { nullable: true, description: "How this source derives from `derivedFrom`." })
  derivationKind!: DerivationKind | null;

  @Field(() => Int, { description: "Increases with every update (optimistic locking)." })
  version!: number;

  @Field({ description: "When this source was first recorded." })
  createdAt!: Date;

  @Field({ description: "When this source was last changed." })
  updatedAt!: Date;
}

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A verbatim span of a source's text: the unit of evidence. `exact` always equals the source text between `start` and `end` (W3C Web Annotation TextQuote + TextPosition selectors).",
})
export class Quote {
  readonly __typename = "Quote" as const;
  uuid!: string;
  sourceId!: string;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Quote", this.uuid);
  }

  @Field({ description: "The quoted text, verbatim." })
  exact!: string;

  @Field({ description: "Text immediately before the quote (for re-anchoring; may be empty)." })
  prefix!: string;

  @Field({ description: "Text immediately after the quote (for re-anchoring; may be empty)." })
  suffix!: string;

  @Field(() => Int, { description: "Offset of the first character in the source text, in code points, from 0." })
  start!: number;

  @Field(() => Int, { description: "Offset just past the last character, in code points (exclusive)." })
  end!: number;

  @Field({ description: "When this quote was recorded." })
  createdAt!: Date;
}
