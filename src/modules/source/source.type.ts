import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Attribution, DerivationKind, SourceKind } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { sourceModel, type SourceRow } from "./source.model";

export { Attribution, DerivationKind, SourceKind };

registerEnumType(Attribution, {
  name: "Attribution",
  description:
    "How a source attributes a quoted passage to the entities speaking in it (`Quote.speakers`), according to that source.",
  valuesConfig: {
    DIRECT: { description: "Their own words, in quotation marks." },
    INDIRECT: { description: 'Their position, reported in the source\'s words ("the mayor argued that ...").' },
    AUTHOR: {
      description:
        "The source's own voice: the speakers are its authors or its publisher (e.g. \"the article's author (unnamed)\").",
    },
    ATTRIBUTED_TO_GROUP: {
      description: 'Said of a group as a whole ("critics argue", "advocates assert"): the speaker is that group.',
    },
    UNATTRIBUTED: {
      description:
        "Not stated: quotes recorded before attribution existed, or given without speakers. They have no speakers, and may be given their attribution once.",
    },
  },
});

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
export class Source extends rowClass<SourceRow>() {
  readonly __typename = "Source" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Source", this.uuid);
  }
}
exposeFields(sourceModel, Source);

@ObjectType({
  simpleResolvers: true,
  description: "A span of a source's text by its code point offsets, with the text there.",
})
export class TextSpan {
  @Field(() => Int, { description: "Offset of the first character in the source text, in code points, from 0." })
  start!: number;

  @Field(() => Int, { description: "Offset just past the last character, in code points (exclusive)." })
  end!: number;

  @Field({ description: "The source text between `start` and `end`." })
  exact!: string;
}

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A verbatim span of a source's text: the unit of evidence, with who speaks in it according to the source (`speakers`, `attribution`). `exact` always equals the source text between `start` and `end` (W3C Web Annotation TextQuote + TextPosition selectors).",
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

  @Field(() => Attribution, {
    description:
      "How the source attributes the passage to its `speakers`: DIRECT, INDIRECT, AUTHOR, ATTRIBUTED_TO_GROUP, or UNATTRIBUTED (not stated; no speakers).",
  })
  attribution!: Attribution;

  cueStart!: number | null;
  cueEnd!: number | null;
  cueExact!: string | null;

  @Field(() => TextSpan, {
    nullable: true,
    description:
      'The words that attribute the passage ("argued", "declaring"), a span of the same source text (inside the passage or near it); null when not recorded.',
  })
  get cue(): TextSpan | null {
    if (this.cueStart === null || this.cueStart === undefined || this.cueExact === null) return null;
    return Object.assign(new TextSpan(), { start: this.cueStart, end: this.cueEnd!, exact: this.cueExact });
  }

  @Field({ description: "When this quote was recorded." })
  createdAt!: Date;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A quote retracted as evidence (`retractEvidence`): it no longer counts as evidence for its target, and is kept with the reason. Citing it again (`addEvidence`) undoes the retraction.",
})
export class RetractedEvidence {
  @Field(() => Quote, { description: "The quote that was cited in error." }) quote!: Quote;
  @Field({ description: "Why it was retracted." }) reason!: string;
  @Field({ description: "When it was retracted." }) retractedAt!: Date;
}

export const CreateSourcePayload = Payload("CreateSource", "source", Source, "The new source.");
export const UpdateSourcePayload = Payload("UpdateSource", "source", Source, "The source as updated.");
export const AddEvidencePayload = Payload("AddEvidence", "quote", Quote, "The quote, now evidence for the target.");
export const RetractEvidencePayload = Payload(
  "RetractEvidence",
  "retractedEvidence",
  RetractedEvidence,
  "The retracted evidence: the quote, the reason and when.",
);
