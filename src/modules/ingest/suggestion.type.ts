import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { SuggestionKind, SuggestionStatus } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { Attribution, TextSpan } from "../source";
import { ClaimKind } from "../claim";
import { EntityKind } from "../entity";
import type { ClaimKindName, EntityKindName } from "./analysis.model";

export { SuggestionKind, SuggestionStatus };

registerEnumType(SuggestionKind, {
  name: "SuggestionKind",
  description: "What a suggestion proposes.",
  valuesConfig: {
    QUOTE: { description: "A passage of the source with who speaks in it (speakers and attribution)." },
    MENTION: { description: "A mention of an entity: a known one, or a new one to create." },
    CLAIM: {
      description: "A checkable assertion, with who asserts it and its likely matches among existing claims.",
    },
  },
});

registerEnumType(SuggestionStatus, {
  name: "SuggestionStatus",
  description: "Where a suggestion stands. Nothing enters the knowledge base until a person accepts it.",
  valuesConfig: {
    PENDING: { description: "Not decided yet." },
    ACCEPTED: { description: "Accepted as proposed: what it proposed was written." },
    REJECTED: { description: "Rejected: nothing was written." },
    EDITED: { description: "Accepted with edits: the edited proposal was written." },
  },
});

/** A speaker, subject or mention as stored in a suggestion's proposal (code point offsets). */
export interface StoredEntity {
  author?: boolean;
  entityId?: string;
  name?: string;
  kind?: EntityKindName;
  how?: string;
  mention?: { start: number; end: number; exact: string };
}

/** A suggestion's proposal, by kind (the `proposal` column). */
export interface StoredProposal {
  speakers?: StoredEntity[];
  cue?: { start: number; end: number; exact: string };
  quoted?: boolean;
  entity?: StoredEntity;
  text?: string;
  claimKind?: ClaimKindName;
  subjects?: StoredEntity[];
}

/** A likely match (the `matches` column): a claim for CLAIM suggestions, an entity for MENTION ones. */
export interface StoredMatch {
  claimId?: string;
  entityId?: string;
  score: number;
}

/** What accepting wrote (the `result` column), as database ids. */
export interface StoredResult {
  quoteId?: string;
  claimId?: string;
  entityIds?: string[];
  stanceIds?: string[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    "An entity as a suggestion proposes it: an existing entity it matched, a new one to create (name and kind), or the source's own voice (`author`).",
})
export class ProposedEntity {
  entityId?: string;

  @Field({ description: "True for the source's own voice: its authors, else its publisher." })
  author!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The name proposed for a new entity, or the matched entity's name as mentioned.",
  })
  name!: string | null;

  @Field(() => EntityKind, { nullable: true, description: "The kind proposed for a new entity." })
  kind!: EntityKindName | null;

  @Field(() => TextSpan, {
    nullable: true,
    description: "Where the source names it (for a pronoun, the words it refers back to).",
  })
  mention!: TextSpan | null;

  @Field(() => String, {
    nullable: true,
    description:
      "How a mention was found: NAME, ALIAS or SIMILAR (an existing entity), PROPER_NAME, ROLE or GROUP (a new one).",
  })
  how!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A claim as a CLAIM suggestion proposes it." })
export class ProposedClaim {
  @Field({ description: "The proposition, cleaned of its attribution cue and quotation marks." })
  text!: string;

  @Field(() => ClaimKind, { description: "The kind of claim proposed." })
  kind!: ClaimKindName;

  @Field(() => [ProposedEntity], { description: "What the claim is about (entities mentioned in it)." })
  subjects!: ProposedEntity[];
}

@ObjectType({ simpleResolvers: true, description: "An existing entity like a MENTION suggestion's new name." })
export class EntityCandidate {
  entityId!: string;

  @Field(() => Float, { description: "Trigram similarity of the names, 0 to 1." })
  score!: number;
}

@ObjectType({ simpleResolvers: true, description: "What accepting a suggestion wrote." })
export class SuggestionResult {
  quoteId?: string;
  claimId?: string;
  entityIds!: string[];
  stanceIds!: string[];
}

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A proposal from ingesting a document (`ingestDocument`), for a person to accept (`acceptSuggestion`, optionally with edits) or reject (`rejectSuggestion`). It is a span of its source's text and one of: a QUOTE with its speakers, an entity MENTION, or a CLAIM with its likely matches.",
})
export class Suggestion {
  readonly __typename = "Suggestion" as const;
  uuid!: string;
  sourceId!: string;
  proposal!: StoredProposal;
  storedMatches!: StoredMatch[];
  stored!: StoredResult | null;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Suggestion", this.uuid);
  }

  @Field(() => SuggestionKind, { description: "What it proposes: a QUOTE, a MENTION or a CLAIM." })
  kind!: SuggestionKind;

  @Field(() => SuggestionStatus, { description: "PENDING until a person accepts or rejects it." })
  status!: SuggestionStatus;

  @Field(() => Int, { description: "Offset of the span's first character in the source text, in code points." })
  start!: number;

  @Field(() => Int, { description: "Offset just past the span's last character, in code points (exclusive)." })
  end!: number;

  @Field({ description: "The source text of the span, verbatim." })
  exact!: string;

  @Field(() => Float, { description: "How sure the analyser is, from 0 to 1." })
  score!: number;

  @Field(() => Attribution, {
    nullable: true,
    description: "QUOTE and CLAIM: how the source attributes the span to its speakers.",
  })
  attribution!: Attribution | null;

  @Field(() => TextSpan, {
    nullable: true,
    description: 'QUOTE: the words that attribute it ("said", "according to", "argue").',
  })
  get cue(): TextSpan | null {
    return this.proposal.cue ? Object.assign(new TextSpan(), this.proposal.cue) : null;
  }

  @Field({ description: "QUOTE: true when the span is inside quotation marks (verbatim speech)." })
  get quoted(): boolean {
    return this.proposal.quoted === true;
  }

  @Field(() => [ProposedEntity], {
    description: "QUOTE and CLAIM: who speaks, as proposed (existing entities, new ones, or the source's voice).",
  })
  get speakers(): ProposedEntity[] {
    return (this.proposal.speakers ?? []).map(proposedEntity);
  }

  @Field(() => ProposedEntity, { nullable: true, description: "MENTION: the entity mentioned." })
  get entity(): ProposedEntity | null {
    return this.proposal.entity ? proposedEntity(this.proposal.entity) : null;
  }

  @Field(() => ProposedClaim, { nullable: true, description: "CLAIM: the claim proposed." })
  get claim(): ProposedClaim | null {
    if (this.kind !== "CLAIM" || this.proposal.text === undefined) return null;
    return Object.assign(new ProposedClaim(), {
      text: this.proposal.text,
      kind: this.proposal.claimKind ?? "FACTUAL",
      subjects: (this.proposal.subjects ?? []).map(proposedEntity),
    });
  }

  @Field(() => Date, { nullable: true, description: "When it was accepted or rejected." })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Who decided (the API key's name)." })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was rejected or edited, as the person said." })
  decisionReason!: string | null;

  @Field(() => SuggestionResult, { nullable: true, description: "What accepting it wrote; null until accepted." })
  get result(): SuggestionResult | null {
    if (!this.stored) return null;
    return Object.assign(new SuggestionResult(), {
      quoteId: this.stored.quoteId,
      claimId: this.stored.claimId,
      entityIds: this.stored.entityIds ?? [],
      stanceIds: this.stored.stanceIds ?? [],
    });
  }

  @Field(() => Int, { description: "Increases with every change; pass it back to decide on what you saw." })
  version!: number;

  @Field(() => Date, { description: "When the suggestion was made." })
  createdAt!: Date;

  @Field(() => Date, { description: "When it last changed." })
  updatedAt!: Date;
}

function proposedEntity(stored: StoredEntity): ProposedEntity {
  return Object.assign(new ProposedEntity(), {
    entityId: stored.entityId,
    author: stored.author === true,
    name: stored.name ?? null,
    kind: stored.kind ?? null,
    mention: stored.mention ? Object.assign(new TextSpan(), stored.mention) : null,
    how: stored.how ?? null,
  });
}
