/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z (RFC 3339). On input, a plain date such as "2007-12-03" is also accepted: the start of that day, 00:00 UTC (in a filter, `equals` with a plain date means the whole day). */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
  /** A local date string (i.e., with no associated timezone) in `YYYY-MM-DD` format, e.g. `2020-01-01`. */
  LocalDate: { input: string; output: string; }
};

/** Accept a suggestion: what it proposes is written through the normal writers (attribution rules, revisions and roles apply). Any edit given makes its status EDITED. */
export type AcceptSuggestionInput = {
  /** QUOTE and CLAIM: the attribution, replacing the proposed one. */
  attribution?: InputMaybe<Attribution>;
  /** CLAIM: the claim's kind. */
  claimKind?: InputMaybe<ClaimKind>;
  /** MENTION: the existing entity meant (an Entity ID), instead of the one proposed or a new one. */
  entity?: InputMaybe<Scalars['ID']['input']>;
  /** MENTION: the kind of the new entity. */
  entityKind?: InputMaybe<EntityKind>;
  /** CLAIM: an existing claim (e.g. a MATCH among `matches`) that the span is another appearance of; no new claim is made. */
  existingClaim?: InputMaybe<Scalars['ID']['input']>;
  /** The suggestion. */
  id: Scalars['ID']['input'];
  /** MENTION: the name of the new entity, replacing the proposed one. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Why, in a few words (kept with the decision). */
  reason?: InputMaybe<Scalars['String']['input']>;
  /** QUOTE and CLAIM: the speakers (Entity IDs), replacing those proposed. */
  speakers?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** CLAIM: also record each speaker's stance on the claim, with this position and the span as evidence. */
  stance?: InputMaybe<StancePosition>;
  /** CLAIM: what the claim is about (Entity IDs), replacing the known entities proposed. */
  subjects?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** CLAIM: the claim's text, replacing the proposed one. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** The version you saw; refused when it changed since. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** Attach a verbatim quote as evidence. The service finds its offsets in the source's text. */
export type AddEvidenceInput = {
  /** How the source attributes the passage to `speakers` (DIRECT, INDIRECT, AUTHOR, ATTRIBUTED_TO_GROUP); left out, the quote keeps what it has (UNATTRIBUTED when new). */
  attribution?: InputMaybe<Attribution>;
  /** The words that attribute it ("argued"), in the same source; optional. */
  cue?: InputMaybe<CueSelectorInput>;
  /** The exact text. */
  exact: Scalars['String']['input'];
  /** Text just before it, when it occurs more than once. */
  prefix?: InputMaybe<Scalars['String']['input']>;
  /** The source quoted. */
  source: Scalars['ID']['input'];
  /** Who speaks in the passage according to its source (entities), given with `attribution`. A passage already stored with speakers must be given the same ones, or none. */
  speakers?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Text just after it, when it occurs more than once. */
  suffix?: InputMaybe<Scalars['String']['input']>;
  /** What the quote is evidence for: a Claim (an appearance), Stance, EntityRelation or ClaimRelation. */
  target: Scalars['ID']['input'];
};

/** A fact-checker's verdict on a claim. */
export type AddReviewInput = {
  /** The claim. */
  claim: Scalars['ID']['input'];
  /** The verdict on the common scale; when left out it is derived from originalRating (docs/claimreview-mapping.md). */
  normalizedRating?: InputMaybe<NormalizedRating>;
  /** The verdict as published. */
  originalRating: Scalars['String']['input'];
  /** When the review was published. */
  reviewedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The reviewer entity. */
  reviewer: Scalars['ID']['input'];
  /** The published review (a source). */
  source: Scalars['ID']['input'];
};

/** How a source attributes a quoted passage to the entities speaking in it (`Quote.speakers`), according to that source. */
export type Attribution =
  /** Said of a group as a whole ("critics argue", "advocates assert"): the speaker is that group. */
  | 'ATTRIBUTED_TO_GROUP'
  /** The source's own voice: the speakers are its authors or its publisher (e.g. "the article's author (unnamed)"). */
  | 'AUTHOR'
  /** Their own words, in quotation marks. */
  | 'DIRECT'
  /** Their position, reported in the source's words ("the mayor argued that ..."). */
  | 'INDIRECT'
  /** Not stated: quotes recorded before attribution existed, or given without speakers. They have no speakers, and may be given their attribution once. */
  | 'UNATTRIBUTED';

/** Conditions on a Attribution field; all given conditions must hold. */
export type AttributionFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<Attribution>;
  /** Any of these values. */
  in?: InputMaybe<Array<Attribution>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<Attribution>>;
};

/** Conditions on claims. All given fields must hold; combine with AND, OR and NOT. */
export type ClaimFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<ClaimFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<ClaimFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<ClaimFilter>>;
  /** Quotes the claim appears in. Use some/every/none. */
  appearances?: InputMaybe<QuoteListFilter>;
  /** Who asserts the claim. Use some/every/none. */
  claimants?: InputMaybe<EntityListFilter>;
  /** The condition qualifier. */
  condition?: InputMaybe<StringFilter>;
  /** When the claim was recorded. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** The claim's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The claim's kind. */
  kind?: InputMaybe<ClaimKindFilter>;
  /** The claim's language tag, as stored (canonical: `es-MX`, not `es-mx`). */
  language?: InputMaybe<StringFilter>;
  /** The place qualifier. Matches when it exists and satisfies the filter. */
  place?: InputMaybe<EntityFilter>;
  /** The claim's rank. */
  rank?: InputMaybe<ClaimRankFilter>;
  /** Links from other claims to this one. Use some/every/none. */
  relationsIn?: InputMaybe<ClaimRelationListFilter>;
  /** Links from the claim to others. Use some/every/none. */
  relationsOut?: InputMaybe<ClaimRelationListFilter>;
  /** Reviews of the claim. Use some/every/none. */
  reviews?: InputMaybe<ReviewListFilter>;
  /** Stances on the claim. Use some/every/none. */
  stances?: InputMaybe<StanceListFilter>;
  /** When the claim was made. */
  statedAt?: InputMaybe<DateTimeFilter>;
  /** What the claim is about. Use some/every/none. */
  subjects?: InputMaybe<EntityListFilter>;
  /** The claim's text. */
  text?: InputMaybe<StringFilter>;
  /** When the claim last changed. */
  updatedAt?: InputMaybe<DateTimeFilter>;
  /** The validFrom qualifier. */
  validFrom?: InputMaybe<DateFilter>;
  /** The validTo qualifier. */
  validTo?: InputMaybe<DateFilter>;
};

/** What sort of proposition a claim is. */
export type ClaimKind =
  /** That one thing leads to another. */
  | 'CAUSAL'
  /** A judgement of worth (good, lenient, harmful). */
  | 'EVALUATIVE'
  /** About what is or was the case; checkable in principle. */
  | 'FACTUAL'
  /** About what should be done. */
  | 'NORMATIVE'
  /** About what will or may happen. */
  | 'PREDICTIVE';

/** Conditions on a ClaimKind field; all given conditions must hold. */
export type ClaimKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<ClaimKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<ClaimKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<ClaimKind>>;
};

/** Conditions on a list of related claims. */
export type ClaimListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<ClaimFilter>;
  /** No related item matches. */
  none?: InputMaybe<ClaimFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<ClaimFilter>;
};

/** A sort key for claims. */
export type ClaimOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: ClaimOrderField;
};

/** What to sort claims by. Every ordering ends with insertion order as a tie-break. */
export type ClaimOrderField =
  /** By how many publishers carry the claim (`coverage.publishers`). */
  | 'COVERAGE_PUBLISHERS'
  /** By how many sources the claim appears in (`coverage.sources`). */
  | 'COVERAGE_SOURCES'
  /** By how many viewpoints take a stance on the claim (`coverage.viewpoints`). */
  | 'COVERAGE_VIEWPOINTS'
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By kind (in the order the kinds are declared). */
  | 'KIND'
  /** By language tag; claims without one come last in ascending order. */
  | 'LANGUAGE'
  /** By rank: PREFERRED, NORMAL, DEPRECATED. */
  | 'RANK'
  /** Best match first; only with `search`. */
  | 'RELEVANCE'
  /** By when the claim was made; claims without a date come last. */
  | 'STATED_AT'
  /** By text. */
  | 'TEXT'
  /** When the object last changed. */
  | 'UPDATED_AT';

/** The conditions a claim is asserted under, nested as `Claim.qualifiers` returns them (place by ID). In an update, qualifiers left out stay as they are. */
export type ClaimQualifiersInput = {
  /** Condition qualifier. */
  condition?: InputMaybe<Scalars['String']['input']>;
  /** Place qualifier (an entity). */
  place?: InputMaybe<Scalars['ID']['input']>;
  /** validFrom qualifier. */
  validFrom?: InputMaybe<Scalars['LocalDate']['input']>;
  /** validTo qualifier. */
  validTo?: InputMaybe<Scalars['LocalDate']['input']>;
};

/** Wikidata-style rank: how a claim should be weighed against alternatives. */
export type ClaimRank =
  /** Kept for the record but known to be wrong or superseded; see `deprecationReason`. */
  | 'DEPRECATED'
  /** The default. */
  | 'NORMAL'
  /** The best-supported formulation among alternatives. */
  | 'PREFERRED';

/** Conditions on a ClaimRank field; all given conditions must hold. */
export type ClaimRankFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<ClaimRank>;
  /** Any of these values. */
  in?: InputMaybe<Array<ClaimRank>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<ClaimRank>>;
};

/** Conditions on links between claims. All given fields must hold; combine with AND, OR and NOT. */
export type ClaimRelationFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<ClaimRelationFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<ClaimRelationFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<ClaimRelationFilter>>;
  /** The claim the link starts from. Matches when it exists and satisfies the filter. */
  from?: InputMaybe<ClaimFilter>;
  /** The link's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The link's kind. */
  kind?: InputMaybe<ClaimRelationKindFilter>;
  /** The claim the link points to. Matches when it exists and satisfies the filter. */
  to?: InputMaybe<ClaimFilter>;
};

/** How one claim bears on another (argument maps: AIF, Kialo). */
export type ClaimRelationKind =
  /** `from` is a reason to reject `to`. */
  | 'ATTACKS'
  /** `from` and `to` cannot both be true. */
  | 'CONTRADICTS'
  /** `from` limits or conditions `to`. */
  | 'QUALIFIES'
  /** `from` says the same as `to` in other words. */
  | 'REPHRASES'
  /** `from` is a reason to accept `to`. */
  | 'SUPPORTS';

/** Conditions on a ClaimRelationKind field; all given conditions must hold. */
export type ClaimRelationKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<ClaimRelationKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<ClaimRelationKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<ClaimRelationKind>>;
};

/** Conditions on a list of related links between claims. */
export type ClaimRelationListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<ClaimRelationFilter>;
  /** No related item matches. */
  none?: InputMaybe<ClaimRelationFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<ClaimRelationFilter>;
};

/** A sort key for links between claims. */
export type ClaimRelationOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: ClaimRelationOrderField;
};

/** What to sort links between claims by. Every ordering ends with insertion order as a tie-break. */
export type ClaimRelationOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By kind. */
  | 'KIND';

/** A new claim. */
export type CreateClaimInput = {
  /** Where it appears. */
  appearances?: InputMaybe<Array<QuoteSelectorInput>>;
  /** Who asserts it (at least one entity). */
  claimants: Array<Scalars['ID']['input']>;
  /**
   * Condition qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { condition: ... }`), the shape `Claim.qualifiers` returns.
   */
  condition?: InputMaybe<Scalars['String']['input']>;
  /** What sort of proposition. */
  kind: ClaimKind;
  /** The language it is stated in (BCP 47, e.g. `en`, `es-MX`). */
  language?: InputMaybe<Scalars['String']['input']>;
  /**
   * Place qualifier (an entity).
   * @deprecated Give it inside `qualifiers` (`qualifiers: { place: ... }`), the shape `Claim.qualifiers` returns.
   */
  place?: InputMaybe<Scalars['ID']['input']>;
  /** Place, time and condition the claim is asserted under (as `Claim.qualifiers` returns them). */
  qualifiers?: InputMaybe<ClaimQualifiersInput>;
  /** PREFERRED or NORMAL (use deprecateClaim to deprecate). */
  rank?: InputMaybe<ClaimRank>;
  /** When it was asserted. */
  statedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** What it is about. */
  subjects?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The proposition, as a standalone sentence. */
  text: Scalars['String']['input'];
  /**
   * validFrom qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { validFrom: ... }`), the shape `Claim.qualifiers` returns.
   */
  validFrom?: InputMaybe<Scalars['LocalDate']['input']>;
  /**
   * validTo qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { validTo: ... }`), the shape `Claim.qualifiers` returns.
   */
  validTo?: InputMaybe<Scalars['LocalDate']['input']>;
};

/** A new entity. */
export type CreateEntityInput = {
  /** Other names. */
  aliases?: InputMaybe<Array<Scalars['String']['input']>>;
  /** A sentence or two on who or what it is. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Identifiers in other systems. */
  externalIds?: InputMaybe<Scalars['JSONObject']['input']>;
  /** What sort of thing it is. */
  kind: EntityKind;
  /** Display name (a description for unnamed actors). */
  name: Scalars['String']['input'];
  /** Unique human key: lowercase words joined by hyphens. */
  slug: Scalars['String']['input'];
};

/** A new source. It needs a url, or a text (its hash is then its key). */
export type CreateSourceInput = {
  /** Author entities, in byline order. */
  authors?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** How it derives (default REWRITE). */
  derivationKind?: InputMaybe<DerivationKind>;
  /** Earlier source this derives from. */
  derivedFrom?: InputMaybe<Scalars['ID']['input']>;
  /** What sort of document. */
  kind: SourceKind;
  /** Language tag (BCP 47). */
  language?: InputMaybe<Scalars['String']['input']>;
  /** Publication time. */
  publishedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Publisher entity. */
  publisher?: InputMaybe<Scalars['ID']['input']>;
  /** When the text was retrieved. */
  retrievedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The text snapshot quotes will point into. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Title or headline. */
  title: Scalars['String']['input'];
  /** Canonical URL. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** A new viewpoint. */
export type CreateViewpointInput = {
  /** Members with roles. */
  members?: InputMaybe<Array<ViewpointMemberInput>>;
  /** Unique human key. */
  slug: Scalars['String']['input'];
  /** The position in a few sentences. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** The position in one line. */
  title: Scalars['String']['input'];
  /** Topic entity. */
  topic?: InputMaybe<Scalars['ID']['input']>;
};

/** A new webhook. */
export type CreateWebhookInput = {
  /** A note for people. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The event types to deliver (e.g. `StanceRecorded`); empty: every type. */
  events: Array<Scalars['String']['input']>;
  /** The signing secret, 24 to 200 characters: `whsec_<base64>` (Standard Webhooks; the key is the decoded bytes) or any other text (the key is its UTF-8 bytes). Never shown again. */
  secret: Scalars['String']['input'];
  /** Where to POST (http or https). Hosts resolving to private, loopback, link-local or metadata addresses are refused (ADDRESS_NOT_ALLOWED) unless the operator allows them. */
  url: Scalars['String']['input'];
};

/** The words of a source that attribute a passage ("argued", "declaring"), found in the same text as the passage: its exact text, plus the text around it when it occurs more than once. */
export type CueSelectorInput = {
  /** The exact text of the cue. */
  exact: Scalars['String']['input'];
  /** Text immediately before it, to tell repeated words apart. */
  prefix?: InputMaybe<Scalars['String']['input']>;
  /** Text immediately after it, to tell repeated words apart. */
  suffix?: InputMaybe<Scalars['String']['input']>;
};

/** Conditions on a calendar date (YYYY-MM-DD); all given conditions must hold. */
export type DateFilter = {
  /** Exactly this day. */
  equals?: InputMaybe<Scalars['LocalDate']['input']>;
  /** After this day. */
  gt?: InputMaybe<Scalars['LocalDate']['input']>;
  /** On or after this day. */
  gte?: InputMaybe<Scalars['LocalDate']['input']>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** Before this day. */
  lt?: InputMaybe<Scalars['LocalDate']['input']>;
  /** On or before this day. */
  lte?: InputMaybe<Scalars['LocalDate']['input']>;
};

/** Conditions on a point in time; all given conditions must hold. */
export type DateTimeFilter = {
  /** Exactly this instant; a plain date ("2025-03-01") means any time on that day (UTC). */
  equals?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** After this instant; a plain date ("2025-03-01") means its start, 00:00 UTC. */
  gt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** At or after this instant; a plain date ("2025-03-01") means its start, 00:00 UTC. */
  gte?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** Before this instant; a plain date ("2025-03-01") means its start, 00:00 UTC. */
  lt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** At or before this instant; a plain date ("2025-03-01") means its start, 00:00 UTC. */
  lte?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** The webhook to delete, with its deliveries. */
export type DeleteWebhookInput = {
  /** The webhook. */
  id: Scalars['ID']['input'];
};

/** Marks a claim DEPRECATED. It stays readable, with the reason. */
export type DeprecateClaimInput = {
  /** The claim. */
  id: Scalars['ID']['input'];
  /** Why the claim is deprecated. */
  reason: Scalars['String']['input'];
  /** The version you saw. */
  version: Scalars['Int']['input'];
};

/** How a source derives from an earlier one (W3C PROV's wasDerivedFrom, specialised). */
export type DerivationKind =
  /** Quotes or embeds the earlier source. */
  | 'QUOTATION'
  /** Reworded from the earlier source (an SEO rewrite, a summary). */
  | 'REWRITE'
  /** Republished unchanged. */
  | 'SYNDICATION'
  /** Translated from the earlier source. */
  | 'TRANSLATION';

/** Conditions on a DerivationKind field; all given conditions must hold. */
export type DerivationKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<DerivationKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<DerivationKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<DerivationKind>>;
};

/** Conditions on entities. All given fields must hold; combine with AND, OR and NOT. */
export type EntityFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<EntityFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<EntityFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<EntityFilter>>;
  /** Claims about the entity. Use some/every/none. */
  claimsAbout?: InputMaybe<ClaimListFilter>;
  /** Claims the entity asserts. Use some/every/none. */
  claimsMade?: InputMaybe<ClaimListFilter>;
  /** When the entity was recorded. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** The entity's description. */
  description?: InputMaybe<StringFilter>;
  /** An identifier in another system, e.g. `{ system: "wikidata", value: "Q42" }`. */
  externalId?: InputMaybe<ExternalIdInput>;
  /** The entity's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The entity's kind. */
  kind?: InputMaybe<EntityKindFilter>;
  /** The entity's name. */
  name?: InputMaybe<StringFilter>;
  /** The name or any one alias: holds when one of them satisfies every condition given (`equals: "Border Patrol"` finds the entity named or aliased exactly that). */
  nameOrAlias?: InputMaybe<StringFilter>;
  /** Relations where the entity is the object. Use some/every/none. */
  relationsIn?: InputMaybe<EntityRelationListFilter>;
  /** Relations where the entity is the subject. Use some/every/none. */
  relationsOut?: InputMaybe<EntityRelationListFilter>;
  /** Reviews the entity published. Use some/every/none. */
  reviews?: InputMaybe<ReviewListFilter>;
  /** The entity's slug. */
  slug?: InputMaybe<StringFilter>;
  /** Sources the entity published. Use some/every/none. */
  sourcesPublished?: InputMaybe<SourceListFilter>;
  /** Stances the entity holds. Use some/every/none. */
  stances?: InputMaybe<StanceListFilter>;
  /** When the entity last changed. */
  updatedAt?: InputMaybe<DateTimeFilter>;
  /** The entity's viewpoint memberships (viewpoint and role). Use some/every/none. */
  viewpoints?: InputMaybe<ViewpointMemberListFilter>;
};

/** What sort of thing an entity is. */
export type EntityKind =
  /** Something that happened: an incident, an election. */
  | 'EVENT'
  /** A government, agency, department or office. */
  | 'GOVERNMENT_BODY'
  /** A loose group of people ("immigrant communities", "residents"). */
  | 'GROUP'
  /** A company, newspaper, party, NGO or other organization. */
  | 'ORGANIZATION'
  /** A person, named or not ("the mayor of the city"). */
  | 'PERSON'
  /** A city, state, country or other place. */
  | 'PLACE'
  /** A law, rule or policy. */
  | 'POLICY'
  /** A subject of debate, used as the topic of viewpoints. */
  | 'TOPIC';

/** Conditions on a EntityKind field; all given conditions must hold. */
export type EntityKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<EntityKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<EntityKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<EntityKind>>;
};

/** Conditions on a list of related entities. */
export type EntityListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<EntityFilter>;
  /** No related item matches. */
  none?: InputMaybe<EntityFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<EntityFilter>;
};

/** A sort key for entities. */
export type EntityOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: EntityOrderField;
};

/** What to sort entities by. Every ordering ends with insertion order as a tie-break. */
export type EntityOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By kind (in the order the kinds are declared). */
  | 'KIND'
  /** By name. */
  | 'NAME'
  /** Best match first; only with `search`. */
  | 'RELEVANCE'
  /** By slug. */
  | 'SLUG'
  /** When the object last changed. */
  | 'UPDATED_AT';

/** How the subject entity relates to the object entity. */
export type EntityPredicate =
  /** Subject adopted the policy object. */
  | 'ADOPTED'
  /** Subject (a policy, an event) affects object. */
  | 'AFFECTS'
  /** Subject works for object. */
  | 'EMPLOYED_BY'
  /** Subject leads object (a mayor heads a city). */
  | 'HEAD_OF'
  /** Subject is in the place object. */
  | 'LOCATED_IN'
  /** Subject is a member of object. */
  | 'MEMBER_OF'
  /** Subject took part in the event object. */
  | 'PARTICIPANT_IN'
  /** Subject is a part or subdivision of object. */
  | 'PART_OF'
  /** Subject is bound by the policy or rule object. */
  | 'SUBJECT_TO';

/** Conditions on a EntityPredicate field; all given conditions must hold. */
export type EntityPredicateFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<EntityPredicate>;
  /** Any of these values. */
  in?: InputMaybe<Array<EntityPredicate>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<EntityPredicate>>;
};

/** Conditions on relations between entities. All given fields must hold; combine with AND, OR and NOT. */
export type EntityRelationFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<EntityRelationFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<EntityRelationFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<EntityRelationFilter>>;
  /** The relation's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The object entity. Matches when it exists and satisfies the filter. */
  object?: InputMaybe<EntityFilter>;
  /** The relation's predicate. */
  predicate?: InputMaybe<EntityPredicateFilter>;
  /** The subject entity. Matches when it exists and satisfies the filter. */
  subject?: InputMaybe<EntityFilter>;
  /** First day the relation held. */
  validFrom?: InputMaybe<DateFilter>;
  /** Last day the relation held. */
  validTo?: InputMaybe<DateFilter>;
};

/** Conditions on a list of related relations between entities. */
export type EntityRelationListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<EntityRelationFilter>;
  /** No related item matches. */
  none?: InputMaybe<EntityRelationFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<EntityRelationFilter>;
};

/** A sort key for relations between entities. */
export type EntityRelationOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: EntityRelationOrderField;
};

/** What to sort relations between entities by. Every ordering ends with insertion order as a tie-break. */
export type EntityRelationOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By predicate. */
  | 'PREDICATE';

/** Which events to list: every condition given must hold. */
export type EventFilter = {
  /** Only events about this object (its global ID), or, for a claim, about its stances, reviews, evidence and links. */
  subject?: InputMaybe<Scalars['ID']['input']>;
  /** Only events touching this topic: an entity's global ID or slug (claims about it, viewpoints on it). */
  topic?: InputMaybe<Scalars['ID']['input']>;
  /** Only these event types (e.g. `StanceRecorded`); at most 50. */
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** An identifier in another system: `{ system: "wikidata", value: "Q42" }`. */
export type ExternalIdInput = {
  /** The system, as keyed in `externalIds` (e.g. "wikidata"). */
  system: Scalars['String']['input'];
  /** The identifier in that system (e.g. "Q42"). */
  value: Scalars['String']['input'];
};

/** Conditions on an object's global ID. */
export type IdFilter = {
  /** Exactly this ID. */
  equals?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these IDs. */
  in?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** None of these IDs. */
  notIn?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** A small batch of bundle records or ClaimReview objects (docs/import-format.md). */
export type ImportBundleInput = {
  /** Check and report what would change, without writing. */
  dryRun?: Scalars['Boolean']['input'];
  /** Up to 1000 records: bundle records (with `type`) or schema.org ClaimReview objects. Larger files: POST /import. */
  records: Array<Scalars['JSONObject']['input']>;
};

/** A document to ingest: plain `text` or an HTML page (`html`, whose main text is extracted), exactly one, with what is known about it. It is stored as a Source (found again by its url, else by its text's SHA-256) and analysed into suggestions. */
export type IngestDocumentInput = {
  /** The authors (Entity IDs): who speaks in the source's own voice (AUTHOR suggestions). */
  authors?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** An earlier source this one rewrites, syndicates, quotes or translates (a Source ID). */
  derivedFrom?: InputMaybe<Scalars['ID']['input']>;
  /** The document as an HTML page: its main text is extracted (Readability), without navigation or ads. */
  html?: InputMaybe<Scalars['String']['input']>;
  /** What sort of document it is; NEWS_ARTICLE when left out. */
  kind?: InputMaybe<SourceKind>;
  /** Language of the text (BCP 47, e.g. `en`). */
  language?: InputMaybe<Scalars['String']['input']>;
  /** When it was published. */
  publishedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The publisher (an Entity's ID). */
  publisher?: InputMaybe<Scalars['ID']['input']>;
  /** The document as plain text. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Title or headline; from the page's title when left out, else the text's first line. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Canonical URL: the source's key when given. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** Conditions on a whole-number field; all given conditions must hold. */
export type IntFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<Scalars['Int']['input']>;
  /** Greater than. */
  gt?: InputMaybe<Scalars['Int']['input']>;
  /** Greater than or equal to. */
  gte?: InputMaybe<Scalars['Int']['input']>;
  /** Any of these values. */
  in?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** Less than. */
  lt?: InputMaybe<Scalars['Int']['input']>;
  /** Less than or equal to. */
  lte?: InputMaybe<Scalars['Int']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** An argument link from one claim to another. */
export type LinkClaimsInput = {
  /** Evidence quotes. */
  evidence?: InputMaybe<Array<QuoteSelectorInput>>;
  /** The claim that supports, attacks... */
  from: Scalars['ID']['input'];
  /** The kind of link. */
  kind: ClaimRelationKind;
  /** The claim supported, attacked... */
  to: Scalars['ID']['input'];
};

/** How close a claim found by `similarClaims` is (thresholds: docs/matching.md). */
export type MatchTier =
  /** The same claim, reworded: score at or above CLAIM_MATCH_THRESHOLD. */
  | 'MATCH'
  /** Worth a look: score at or above CLAIM_SIMILAR_THRESHOLD, below the MATCH threshold. */
  | 'SIMILAR';

/** Merges duplicate claims into one. The survivor takes their claimants, subjects, appearances, stances, reviews and links; each merged claim stays, DEPRECATED and pointing at the survivor (`mergedInto`), with its own history. */
export type MergeClaimsInput = {
  /** The duplicates merged into it. */
  merged: Array<Scalars['ID']['input']>;
  /** The claim that remains. */
  survivor: Scalars['ID']['input'];
};

/** Entities to merge into a survivor. */
export type MergeEntitiesInput = {
  /** Also merge the claims the merge makes identical (the same text and claimants: `duplicateClaims`) into the earliest of each group, with mergeClaims' rules; by default they are only reported. */
  mergeDuplicateClaims?: InputMaybe<Scalars['Boolean']['input']>;
  /** Entities merged into it: their references move, their names become aliases, and their IDs and slugs resolve to the survivor. */
  merged: Array<Scalars['ID']['input']>;
  /** The entity that remains. */
  survivor: Scalars['ID']['input'];
};

/** A fact-check verdict on one common scale (ClaimsKG-style), whatever the reviewer's own labels. */
export type NormalizedRating =
  /** Inaccurate. */
  | 'FALSE'
  /** Partly accurate, partly not. */
  | 'MIXED'
  /** Contains an element of truth but misleads. */
  | 'MOSTLY_FALSE'
  /** Accurate but needs clarification. */
  | 'MOSTLY_TRUE'
  /** Accurate. */
  | 'TRUE'
  /** Cannot be established either way. */
  | 'UNPROVEN';

/** Conditions on a NormalizedRating field; all given conditions must hold. */
export type NormalizedRatingFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<NormalizedRating>;
  /** Any of these values. */
  in?: InputMaybe<Array<NormalizedRating>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<NormalizedRating>>;
};

/** Sort direction. */
export type OrderDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** Conditions on quotes. All given fields must hold; combine with AND, OR and NOT. */
export type QuoteFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<QuoteFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<QuoteFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<QuoteFilter>>;
  /** How the source attributes the quote to its speakers. */
  attribution?: InputMaybe<AttributionFilter>;
  /** Claims appearing in the quote. Use some/every/none. */
  claims?: InputMaybe<ClaimListFilter>;
  /** The end offset. */
  end?: InputMaybe<IntFilter>;
  /** The quoted text. */
  exact?: InputMaybe<StringFilter>;
  /** The quote's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The source quoted. Matches when it exists and satisfies the filter. */
  source?: InputMaybe<SourceFilter>;
  /** Who speaks in the quote, according to its source. Use some/every/none. */
  speakers?: InputMaybe<EntityListFilter>;
  /** The start offset. */
  start?: InputMaybe<IntFilter>;
};

/** Conditions on a list of related quotes. */
export type QuoteListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<QuoteFilter>;
  /** No related item matches. */
  none?: InputMaybe<QuoteFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<QuoteFilter>;
};

/** A sort key for quotes. */
export type QuoteOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: QuoteOrderField;
};

/** What to sort quotes by. Every ordering ends with insertion order as a tie-break. */
export type QuoteOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** Best match first; only with `search`. */
  | 'RELEVANCE'
  /** By position in the source text. */
  | 'START';

/** A verbatim passage of a source: its exact text, plus the text around it when it occurs more than once; with who speaks in it according to the source. */
export type QuoteSelectorInput = {
  /** How the source attributes the passage to `speakers` (DIRECT, INDIRECT, AUTHOR, ATTRIBUTED_TO_GROUP); left out, the quote keeps what it has (UNATTRIBUTED when new). */
  attribution?: InputMaybe<Attribution>;
  /** The words that attribute it ("argued"), in the same source; optional. */
  cue?: InputMaybe<CueSelectorInput>;
  /** The exact text, character for character. */
  exact: Scalars['String']['input'];
  /** Text immediately before it, to tell repeated passages apart. */
  prefix?: InputMaybe<Scalars['String']['input']>;
  /** The source quoted (it must have a text snapshot). */
  source: Scalars['ID']['input'];
  /** Who speaks in the passage according to its source (entities), given with `attribution`. A passage already stored with speakers must be given the same ones, or none. */
  speakers?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Text immediately after it, to tell repeated passages apart. */
  suffix?: InputMaybe<Scalars['String']['input']>;
};

/** A holder's position on a claim; recording it again updates it. */
export type RecordStanceInput = {
  /** The claim. */
  claim: Scalars['ID']['input'];
  /** Evidence quotes. */
  evidence?: InputMaybe<Array<QuoteSelectorInput>>;
  /** An Entity or a Viewpoint. */
  holder: Scalars['ID']['input'];
  /** Why, briefly. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The position. */
  position: StancePosition;
};

/** A delivery to attempt again. */
export type RedeliverWebhookDeliveryInput = {
  /** The delivery (WebhookDelivery.id). */
  id: Scalars['ID']['input'];
};

/** Reject a suggestion: nothing is written; the decision is kept. */
export type RejectSuggestionInput = {
  /** The suggestion. */
  id: Scalars['ID']['input'];
  /** Why, in a few words (kept with the decision). */
  reason?: InputMaybe<Scalars['String']['input']>;
  /** The version you saw; refused when it changed since. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** A typed relation between two entities. */
export type RelateEntitiesInput = {
  /** Evidence quotes. */
  evidence?: InputMaybe<Array<QuoteSelectorInput>>;
  /** Object entity. */
  object: Scalars['ID']['input'];
  /** The predicate. */
  predicate: EntityPredicate;
  /** Subject entity. */
  subject: Scalars['ID']['input'];
  /** First day it held. */
  validFrom?: InputMaybe<Scalars['LocalDate']['input']>;
  /** Last day it held. */
  validTo?: InputMaybe<Scalars['LocalDate']['input']>;
};

/** Restores a DEPRECATED claim to NORMAL rank; its history keeps the deprecation. */
export type RestoreClaimInput = {
  /** The claim. */
  id: Scalars['ID']['input'];
  /** Why the claim is restored (recorded in its RESTORE revision). */
  reason: Scalars['String']['input'];
  /** The version you saw. */
  version: Scalars['Int']['input'];
};

/** Retract a link between claims recorded in error: it stays, with the reason, out of default lists. */
export type RetractClaimRelationInput = {
  /** The link (a ClaimRelation). */
  id: Scalars['ID']['input'];
  /** Why it is retracted (shown as `retractionReason`). */
  reason: Scalars['String']['input'];
};

/** Retract a quote cited in error as evidence: it leaves the target's evidence, and is kept with the reason in `retractedEvidence` and in the target's history. */
export type RetractEvidenceInput = {
  /** The quote (a Quote ID, as `evidence` or `appearances` list it). */
  quote: Scalars['ID']['input'];
  /** Why it is retracted (kept in `retractedEvidence` and in history). */
  reason: Scalars['String']['input'];
  /** What the quote was cited for: a Claim (an appearance), Stance, EntityRelation or ClaimRelation. */
  target: Scalars['ID']['input'];
};

/** Retract a stance recorded in error: it stays, with the reason, out of default lists. */
export type RetractStanceInput = {
  /** The stance. */
  id: Scalars['ID']['input'];
  /** Why it is retracted (shown as `retractionReason`). */
  reason: Scalars['String']['input'];
};

/** Conditions on reviews. All given fields must hold; combine with AND, OR and NOT. */
export type ReviewFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<ReviewFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<ReviewFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<ReviewFilter>>;
  /** The claim reviewed. Matches when it exists and satisfies the filter. */
  claim?: InputMaybe<ClaimFilter>;
  /** The review's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The rating on the common scale. */
  normalizedRating?: InputMaybe<NormalizedRatingFilter>;
  /** The rating as published. */
  originalRating?: InputMaybe<StringFilter>;
  /** When the review was published. */
  reviewedAt?: InputMaybe<DateTimeFilter>;
  /** The reviewer. Matches when it exists and satisfies the filter. */
  reviewer?: InputMaybe<EntityFilter>;
  /** The published review. Matches when it exists and satisfies the filter. */
  source?: InputMaybe<SourceFilter>;
};

/** Conditions on a list of related reviews. */
export type ReviewListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<ReviewFilter>;
  /** No related item matches. */
  none?: InputMaybe<ReviewFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<ReviewFilter>;
};

/** A sort key for reviews. */
export type ReviewOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: ReviewOrderField;
};

/** What to sort reviews by. Every ordering ends with insertion order as a tie-break. */
export type ReviewOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** From TRUE to UNPROVEN. */
  | 'NORMALIZED_RATING'
  /** By publication time; undated reviews come last. */
  | 'REVIEWED_AT';

/** What a write did. */
export type RevisionAction =
  /** Created the object. */
  | 'CREATE'
  /** Removed the object (not used by the API: nothing is deleted). */
  | 'DELETE'
  /** Deprecated a claim, with a reason. */
  | 'DEPRECATE'
  /** Merged entities (on the merged entity and on the survivor). */
  | 'MERGE'
  /** Restored a deprecated claim to NORMAL rank, with a reason (`after.restorationReason`). */
  | 'RESTORE'
  /** Retracted a stance or a claim link recorded in error, with a reason (it is kept). */
  | 'RETRACT'
  /** Changed fields or added evidence. */
  | 'UPDATE';

/** A kind of object the root `search` can return. */
export type SearchType =
  /** Claims: their text, in the claim's language. */
  | 'CLAIM'
  /** Entities: names, aliases and descriptions (in English). */
  | 'ENTITY'
  /** Quotes: the quoted text, in its source's language. */
  | 'QUOTE'
  /** Sources: titles and text snapshots, in the source's language. */
  | 'SOURCE'
  /** Viewpoints: titles and summaries (in English). */
  | 'VIEWPOINT';

/** Conditions on sources. All given fields must hold; combine with AND, OR and NOT. */
export type SourceFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<SourceFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<SourceFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<SourceFilter>>;
  /** Who wrote the source. Use some/every/none. */
  authors?: InputMaybe<EntityListFilter>;
  /** When the source was recorded. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** How the source derives from an earlier one. */
  derivationKind?: InputMaybe<DerivationKindFilter>;
  /** Sources derived from this one. Use some/every/none. */
  derivatives?: InputMaybe<SourceListFilter>;
  /** The source this one derives from. Matches when it exists and satisfies the filter. */
  derivedFrom?: InputMaybe<SourceFilter>;
  /** The source's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The source's kind. */
  kind?: InputMaybe<SourceKindFilter>;
  /** The source's language tag, as stored (canonical: `es-MX`, not `es-mx`). */
  language?: InputMaybe<StringFilter>;
  /** When the source was published. */
  publishedAt?: InputMaybe<DateTimeFilter>;
  /** Who published the source. Matches when it exists and satisfies the filter. */
  publisher?: InputMaybe<EntityFilter>;
  /** Quotes from the source. Use some/every/none. */
  quotes?: InputMaybe<QuoteListFilter>;
  /** When the text was retrieved. */
  retrievedAt?: InputMaybe<DateTimeFilter>;
  /** Reviews published in the source. Use some/every/none. */
  reviews?: InputMaybe<ReviewListFilter>;
  /** The SHA-256 of the source's text. */
  textSha256?: InputMaybe<StringFilter>;
  /** The source's title. */
  title?: InputMaybe<StringFilter>;
  /** The source's URL. */
  url?: InputMaybe<StringFilter>;
};

/** What sort of document a source is. */
export type SourceKind =
  /** A fact-check (the document behind a Review). */
  | 'FACT_CHECK'
  /** A law, ordinance, ruling or filing. */
  | 'LEGAL_TEXT'
  /** A news or magazine article, including rewrites and summaries. */
  | 'NEWS_ARTICLE'
  /** A statement, release or speech by an official body or person. */
  | 'OFFICIAL_STATEMENT'
  /** Anything else. */
  | 'OTHER'
  /** A study, report or white paper. */
  | 'REPORT'
  /** A post on a social network. */
  | 'SOCIAL_POST';

/** Conditions on a SourceKind field; all given conditions must hold. */
export type SourceKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<SourceKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<SourceKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<SourceKind>>;
};

/** Conditions on a list of related sources. */
export type SourceListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<SourceFilter>;
  /** No related item matches. */
  none?: InputMaybe<SourceFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<SourceFilter>;
};

/** A sort key for sources. */
export type SourceOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: SourceOrderField;
};

/** What to sort sources by. Every ordering ends with insertion order as a tie-break. */
export type SourceOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By kind. */
  | 'KIND'
  /** By publication time; sources without a date come last. */
  | 'PUBLISHED_AT'
  /** Best match first; only with `search`. */
  | 'RELEVANCE'
  /** By title. */
  | 'TITLE';

/** Conditions on stances. All given fields must hold; combine with AND, OR and NOT. */
export type StanceFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<StanceFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<StanceFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<StanceFilter>>;
  /** The claim the stance is on. Matches when it exists and satisfies the filter. */
  claim?: InputMaybe<ClaimFilter>;
  /** When the stance was recorded. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** The stance's evidence quotes. Use some/every/none. */
  evidence?: InputMaybe<QuoteListFilter>;
  /** The holder, when it is an entity. Matches when it exists and satisfies the filter. */
  holderEntity?: InputMaybe<EntityFilter>;
  /** The holder, when it is a viewpoint. Matches when it exists and satisfies the filter. */
  holderViewpoint?: InputMaybe<ViewpointFilter>;
  /** The stance's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The stance's note. */
  note?: InputMaybe<StringFilter>;
  /** The position taken. */
  position?: InputMaybe<StancePositionFilter>;
};

/** Conditions on a list of related stances. */
export type StanceListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<StanceFilter>;
  /** No related item matches. */
  none?: InputMaybe<StanceFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<StanceFilter>;
};

/** A sort key for stances. */
export type StanceOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: StanceOrderField;
};

/** What to sort stances by. Every ordering ends with insertion order as a tie-break. */
export type StanceOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By position: SUPPORTS, OPPOSES, QUALIFIES, NEUTRAL. */
  | 'POSITION';

/** A holder's position on a claim. */
export type StancePosition =
  /** Takes no side. */
  | 'NEUTRAL'
  /** Holds the claim to be false or wrong. */
  | 'OPPOSES'
  /** Accepts the claim only in part or under conditions. */
  | 'QUALIFIES'
  /** Holds the claim to be true or right. */
  | 'SUPPORTS';

/** Conditions on a StancePosition field; all given conditions must hold. */
export type StancePositionFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<StancePosition>;
  /** Any of these values. */
  in?: InputMaybe<Array<StancePosition>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<StancePosition>>;
};

/** Conditions on a text field; all given conditions must hold. */
export type StringFilter = {
  /** Contains this text, ignoring case. */
  contains?: InputMaybe<Scalars['String']['input']>;
  /** Ends with this text, ignoring case. */
  endsWith?: InputMaybe<Scalars['String']['input']>;
  /** Exactly this value (case-sensitive). */
  equals?: InputMaybe<Scalars['String']['input']>;
  /** Any of these values (case-sensitive). */
  in?: InputMaybe<Array<Scalars['String']['input']>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values (case-sensitive). */
  notIn?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Starts with this text, ignoring case. */
  startsWith?: InputMaybe<Scalars['String']['input']>;
};

/** Conditions on suggestions. All given fields must hold; combine with AND, OR and NOT. */
export type SuggestionFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<SuggestionFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<SuggestionFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<SuggestionFilter>>;
  /** How the source attributes the span (QUOTE and CLAIM suggestions). */
  attribution?: InputMaybe<AttributionFilter>;
  /** When it was made. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** When it was decided. */
  decidedAt?: InputMaybe<DateTimeFilter>;
  /** The end offset. */
  end?: InputMaybe<IntFilter>;
  /** The span's text. */
  exact?: InputMaybe<StringFilter>;
  /** The suggestion's global ID. */
  id?: InputMaybe<IdFilter>;
  /** What it proposes. */
  kind?: InputMaybe<SuggestionKindFilter>;
  /** The source the span is in. Matches when it exists and satisfies the filter. */
  source?: InputMaybe<SourceFilter>;
  /** The start offset. */
  start?: InputMaybe<IntFilter>;
  /** Where it stands (PENDING, ACCEPTED, REJECTED, EDITED). */
  status?: InputMaybe<SuggestionStatusFilter>;
};

/** What a suggestion proposes. */
export type SuggestionKind =
  /** A checkable assertion, with who asserts it and its likely matches among existing claims. */
  | 'CLAIM'
  /** A mention of an entity: a known one, or a new one to create. */
  | 'MENTION'
  /** A passage of the source with who speaks in it (speakers and attribution). */
  | 'QUOTE';

/** Conditions on a SuggestionKind field; all given conditions must hold. */
export type SuggestionKindFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<SuggestionKind>;
  /** Any of these values. */
  in?: InputMaybe<Array<SuggestionKind>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<SuggestionKind>>;
};

/** A sort key for suggestions. */
export type SuggestionOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: SuggestionOrderField;
};

/** What to sort suggestions by. Every ordering ends with insertion order as a tie-break. */
export type SuggestionOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** By the analyser's confidence. */
  | 'SCORE'
  /** By position in the source text. */
  | 'START';

/** Where a suggestion stands. Nothing enters the knowledge base until a person accepts it. */
export type SuggestionStatus =
  /** Accepted as proposed: what it proposed was written. */
  | 'ACCEPTED'
  /** Accepted with edits: the edited proposal was written. */
  | 'EDITED'
  /** Not decided yet. */
  | 'PENDING'
  /** Rejected: nothing was written. */
  | 'REJECTED';

/** Conditions on a SuggestionStatus field; all given conditions must hold. */
export type SuggestionStatusFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<SuggestionStatus>;
  /** Any of these values. */
  in?: InputMaybe<Array<SuggestionStatus>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<SuggestionStatus>>;
};

/** Changes to a claim. Fields left out stay as they are. */
export type UpdateClaimInput = {
  /** New claimants (replaces them). */
  claimants?: InputMaybe<Array<Scalars['ID']['input']>>;
  /**
   * New condition qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { condition: ... }`), the shape `Claim.qualifiers` returns.
   */
  condition?: InputMaybe<Scalars['String']['input']>;
  /** The claim. */
  id: Scalars['ID']['input'];
  /** New kind. */
  kind?: InputMaybe<ClaimKind>;
  /** New language tag (BCP 47). */
  language?: InputMaybe<Scalars['String']['input']>;
  /**
   * New place qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { place: ... }`), the shape `Claim.qualifiers` returns.
   */
  place?: InputMaybe<Scalars['ID']['input']>;
  /** New qualifiers (as `Claim.qualifiers` returns them); those left out stay as they are. */
  qualifiers?: InputMaybe<ClaimQualifiersInput>;
  /** PREFERRED or NORMAL. */
  rank?: InputMaybe<ClaimRank>;
  /** New statedAt. */
  statedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** New subjects (replaces them). */
  subjects?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** New text. */
  text?: InputMaybe<Scalars['String']['input']>;
  /**
   * New validFrom qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { validFrom: ... }`), the shape `Claim.qualifiers` returns.
   */
  validFrom?: InputMaybe<Scalars['LocalDate']['input']>;
  /**
   * New validTo qualifier.
   * @deprecated Give it inside `qualifiers` (`qualifiers: { validTo: ... }`), the shape `Claim.qualifiers` returns.
   */
  validTo?: InputMaybe<Scalars['LocalDate']['input']>;
  /** The version you saw. */
  version: Scalars['Int']['input'];
};

/** Changes to an entity. Fields left out stay as they are. */
export type UpdateEntityInput = {
  /** New aliases (replaces the list). */
  aliases?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New external IDs (replaces them). */
  externalIds?: InputMaybe<Scalars['JSONObject']['input']>;
  /** The entity. */
  id: Scalars['ID']['input'];
  /** New kind. */
  kind?: InputMaybe<EntityKind>;
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New slug (the old one stops resolving). */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** The version you saw; a newer version on the server refuses the update (STALE_VERSION). */
  version: Scalars['Int']['input'];
};

/** Changes to a source. Fields left out stay as they are; a text change that would break a quote is refused. */
export type UpdateSourceInput = {
  /** New authors (replaces the list). */
  authors?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** How it derives from `derivedFrom` (set with it: default REWRITE). */
  derivationKind?: InputMaybe<DerivationKind>;
  /** The earlier source this one derives from (a rewrite, a syndication...); null: it derives from none. Left out: as it is. */
  derivedFrom?: InputMaybe<Scalars['ID']['input']>;
  /** The source. */
  id: Scalars['ID']['input'];
  /** New kind. */
  kind?: InputMaybe<SourceKind>;
  /** New language tag. */
  language?: InputMaybe<Scalars['String']['input']>;
  /** New publication time. */
  publishedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** New publisher. */
  publisher?: InputMaybe<Scalars['ID']['input']>;
  /** New text snapshot. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** New title. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** New canonical URL. */
  url?: InputMaybe<Scalars['String']['input']>;
  /** The version you saw. */
  version: Scalars['Int']['input'];
};

/** Changes to a viewpoint. Members given are added or have their role changed. */
export type UpdateViewpointInput = {
  /** The viewpoint. */
  id: Scalars['ID']['input'];
  /** Members to add or update. */
  members?: InputMaybe<Array<ViewpointMemberInput>>;
  /** New summary. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** New title. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** New topic. */
  topic?: InputMaybe<Scalars['ID']['input']>;
  /** The version you saw. */
  version: Scalars['Int']['input'];
};

/** Changes to a webhook; fields left out stay as they are. */
export type UpdateWebhookInput = {
  /** Pause (false) or resume (true) deliveries; events meanwhile are queued. */
  active?: InputMaybe<Scalars['Boolean']['input']>;
  /** A new note. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New event types; empty: every type. */
  events?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The webhook. */
  id: Scalars['ID']['input'];
  /** A new signing secret (rotation). */
  secret?: InputMaybe<Scalars['String']['input']>;
  /** A new URL (checked like createWebhook's). */
  url?: InputMaybe<Scalars['String']['input']>;
  /** The version you read (STALE_VERSION if it changed since). */
  version: Scalars['Int']['input'];
};

/** Why a mutation's input (`userErrors`) or an imported record (`rejected`) was refused; nothing was written. */
export type UserErrorCode =
  /** Webhooks: the URL's host resolves to a private, loopback, link-local, reserved or cloud-metadata address (127.0.0.1, 10.x, 169.254.169.254, ::1, ...), which outbound requests never reach unless the operator allows the host in `WEBHOOK_ALLOW_HOSTS`. */
  | 'ADDRESS_NOT_ALLOWED'
  /** The suggestion was already accepted or rejected (by another person, or by an earlier request): read it again. */
  | 'ALREADY_DECIDED'
  /** The passage is already stored with other speakers, attribution or cue (the message says what is stored): a quote is one passage with one attribution. Give the same, or leave them out; an UNATTRIBUTED quote may be given its attribution once. */
  | 'ATTRIBUTION_CONFLICT'
  /** The object is being changed by another write at this moment; retry. */
  | 'CONFLICT'
  /** Imports only: the input holds no record at all (it is empty, or has only blank lines, a bundle header, or `@graph` nodes that are not ClaimReviews). */
  | 'EMPTY'
  /** A value has the wrong form (enum, slug, date, URL, an ID of the wrong type), or the database refused it (its rule is named); in imports also JSON that is malformed or not valid UTF-8, or a `@graph` entry that is not an object. */
  | 'INVALID'
  /** No current object has this ID. */
  | 'NOT_FOUND'
  /** `exact` occurs more than once in the source's text: give `prefix` or `suffix`. */
  | 'QUOTE_AMBIGUOUS'
  /** `exact` is not in the source's text. */
  | 'QUOTE_NOT_FOUND'
  /** A required field is missing or empty. */
  | 'REQUIRED'
  /** An attribution rule is broken: a claimant speaks in none of the claim's appearances, the entity holding a stance in none of its evidence, no member of the viewpoint holding a stance in its evidence, or a viewpoint member in none of its membership evidence. The message names who, and the evidence to give: a quote whose `speakers` include them. */
  | 'SPEAKER_MISSING'
  /** Attribution AUTHOR (the source's own voice) names a speaker who is neither one of the source's authors nor its publisher. */
  | 'SPEAKER_NOT_AUTHOR'
  /** The object changed since the `version` you saw; read it again and reapply your change. */
  | 'STALE_VERSION'
  /** The natural key (a slug, a source's URL) belongs to another object. */
  | 'TAKEN'
  /** A slug, source or claim reference matches nothing stored (or earlier in the import). */
  | 'UNKNOWN_REFERENCE';

/** Conditions on viewpoints. All given fields must hold; combine with AND, OR and NOT. */
export type ViewpointFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<ViewpointFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<ViewpointFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<ViewpointFilter>>;
  /** When the viewpoint was recorded. */
  createdAt?: InputMaybe<DateTimeFilter>;
  /** The viewpoint's global ID. */
  id?: InputMaybe<IdFilter>;
  /** The viewpoint's members (entity and role). Use some/every/none. */
  members?: InputMaybe<ViewpointMemberListFilter>;
  /** The viewpoint's slug. */
  slug?: InputMaybe<StringFilter>;
  /** Stances the viewpoint holds. Use some/every/none. */
  stances?: InputMaybe<StanceListFilter>;
  /** The viewpoint's summary. */
  summary?: InputMaybe<StringFilter>;
  /** The viewpoint's title. */
  title?: InputMaybe<StringFilter>;
  /** The viewpoint's topic. Matches when it exists and satisfies the filter. */
  topic?: InputMaybe<EntityFilter>;
};

/** Conditions on viewpoint memberships. All given fields must hold; combine with AND, OR and NOT. */
export type ViewpointMemberFilter = {
  /** All of these filters must hold. */
  AND?: InputMaybe<Array<ViewpointMemberFilter>>;
  /** This filter must not hold. */
  NOT?: InputMaybe<ViewpointMemberFilter>;
  /** At least one of these filters must hold. */
  OR?: InputMaybe<Array<ViewpointMemberFilter>>;
  /** The member. Matches when it exists and satisfies the filter. */
  entity?: InputMaybe<EntityFilter>;
  /** The member's role. */
  role?: InputMaybe<ViewpointRoleFilter>;
  /** The viewpoint. Matches when it exists and satisfies the filter. */
  viewpoint?: InputMaybe<ViewpointFilter>;
};

/** A member of a viewpoint, with its membership evidence. */
export type ViewpointMemberInput = {
  /** The member entity. */
  entity: Scalars['ID']['input'];
  /** Quotes showing the entity holding the viewpoint, added to what it has; the member must speak in one of them (its `speakers`). */
  evidence?: InputMaybe<Array<QuoteSelectorInput>>;
  /** Its role. */
  role: ViewpointRole;
};

/** Conditions on a list of related viewpoint memberships. */
export type ViewpointMemberListFilter = {
  /** Every related item matches (true when there are none). */
  every?: InputMaybe<ViewpointMemberFilter>;
  /** No related item matches. */
  none?: InputMaybe<ViewpointMemberFilter>;
  /** At least one related item matches. */
  some?: InputMaybe<ViewpointMemberFilter>;
};

/** A sort key for viewpoints. */
export type ViewpointOrder = {
  /** Sort direction. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field: ViewpointOrderField;
};

/** What to sort viewpoints by. Every ordering ends with insertion order as a tie-break. */
export type ViewpointOrderField =
  /** When the object was first recorded. */
  | 'CREATED_AT'
  /** Best match first; only with `search`. */
  | 'RELEVANCE'
  /** By slug. */
  | 'SLUG'
  /** By title. */
  | 'TITLE';

/** The part an entity plays in a viewpoint. */
export type ViewpointRole =
  /** Argues for the viewpoint in its own words. */
  | 'PROPONENT'
  /** Speaks for others who hold it. */
  | 'SPOKESPERSON'
  /** Sides with the viewpoint. */
  | 'SUPPORTER';

/** Conditions on a ViewpointRole field; all given conditions must hold. */
export type ViewpointRoleFilter = {
  /** Exactly this value. */
  equals?: InputMaybe<ViewpointRole>;
  /** Any of these values. */
  in?: InputMaybe<Array<ViewpointRole>>;
  /** true: the field is empty (null); false: it has a value. */
  isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values. */
  notIn?: InputMaybe<Array<ViewpointRole>>;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** Every attempt failed (dead letter); `redeliverWebhookDelivery` tries again. */
  | 'DEAD'
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Not yet accepted by the receiver: waiting for its turn, or for its next attempt. */
  | 'PENDING';

export type ExplorerClaimQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExplorerClaimQuery = { __typename?: 'Query', claim?: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind, rank: ClaimRank, claimants: Array<{ __typename?: 'Entity', id: string, slug: string, name: string }>, reviews: { __typename?: 'ReviewConnection', nodes: Array<{ __typename?: 'Review', id: string, originalRating: string, normalizedRating: NormalizedRating, reviewer: { __typename?: 'Entity', slug: string, name: string } }> }, stances: { __typename?: 'StanceConnection', totalCount: number, nodes: Array<{ __typename?: 'Stance', id: string, position: StancePosition, note?: string | null, holder:
          | { __typename: 'Entity', id: string, slug: string, name: string }
          | { __typename: 'Viewpoint', id: string, slug: string, title: string }
        , evidence: Array<{ __typename?: 'Quote', id: string, exact: string, prefix: string, suffix: string, start: number, end: number, attribution: Attribution, speakers: Array<{ __typename?: 'Entity', id: string, slug: string, name: string }>, cue?: { __typename?: 'TextSpan', exact: string } | null, source: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publishedAt?: string | null, derivationKind?: DerivationKind | null, publisher?: { __typename?: 'Entity', slug: string, name: string } | null, derivedFrom?: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publisher?: { __typename?: 'Entity', slug: string, name: string } | null } | null } }> }> }, appearancesConnection: { __typename?: 'QuoteConnection', totalCount: number, nodes: Array<{ __typename?: 'Quote', id: string, exact: string, prefix: string, suffix: string, start: number, end: number, attribution: Attribution, speakers: Array<{ __typename?: 'Entity', id: string, slug: string, name: string }>, cue?: { __typename?: 'TextSpan', exact: string } | null, source: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publishedAt?: string | null, derivationKind?: DerivationKind | null, publisher?: { __typename?: 'Entity', slug: string, name: string } | null, derivedFrom?: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publisher?: { __typename?: 'Entity', slug: string, name: string } | null } | null } }> } } | null };

export type ExplorerSourceQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExplorerSourceQuery = { __typename?: 'Query', source?: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, text?: string | null } | null };

export type QuotePartsFragment = { __typename?: 'Quote', id: string, exact: string, prefix: string, suffix: string, start: number, end: number, attribution: Attribution, speakers: Array<{ __typename?: 'Entity', id: string, slug: string, name: string }>, cue?: { __typename?: 'TextSpan', exact: string } | null, source: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publishedAt?: string | null, derivationKind?: DerivationKind | null, publisher?: { __typename?: 'Entity', slug: string, name: string } | null, derivedFrom?: { __typename?: 'Source', id: string, title: string, url?: string | null, kind: SourceKind, publisher?: { __typename?: 'Entity', slug: string, name: string } | null } | null } };

export type ExplorerEntityQueryVariables = Exact<{
  slug: Scalars['String']['input'];
}>;


export type ExplorerEntityQuery = { __typename?: 'Query', entity?: { __typename?: 'Entity', id: string, slug: string, name: string, kind: EntityKind, description?: string | null, aliases: Array<string>, quotedIn: { __typename?: 'QuoteConnection', totalCount: number, nodes: Array<{ __typename?: 'Quote', id: string, exact: string, prefix: string, suffix: string, attribution: Attribution, source: { __typename?: 'Source', id: string, title: string }, claims: Array<{ __typename?: 'Claim', id: string, text: string }> }> }, claimsAbout: { __typename?: 'ClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'Claim', id: string, text: string, kind: ClaimKind }> }, claimsMade: { __typename?: 'ClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'Claim', id: string, text: string, kind: ClaimKind }> }, stances: { __typename?: 'StanceConnection', totalCount: number, nodes: Array<{ __typename?: 'Stance', id: string, position: StancePosition, claim: { __typename?: 'Claim', id: string, text: string } }> }, relationsOut: { __typename?: 'EntityRelationConnection', nodes: Array<{ __typename?: 'EntityRelation', id: string, predicate: EntityPredicate, object: { __typename?: 'Entity', slug: string, name: string } }> }, relationsIn: { __typename?: 'EntityRelationConnection', nodes: Array<{ __typename?: 'EntityRelation', id: string, predicate: EntityPredicate, subject: { __typename?: 'Entity', slug: string, name: string } }> }, viewpoints: Array<{ __typename?: 'ViewpointMember', role: ViewpointRole, viewpoint: { __typename?: 'Viewpoint', slug: string, title: string, topic?: { __typename?: 'Entity', slug: string, name: string } | null } }>, viewpointsOnTopic: { __typename?: 'ViewpointConnection', totalCount: number } } | null };

export type ExplorerTopicActivitySubscriptionVariables = Exact<{
  topic: Scalars['ID']['input'];
}>;


export type ExplorerTopicActivitySubscription = { __typename?: 'Subscription', topicActivity: { __typename?: 'Event', cursor: string, type: string, claimIds: Array<string> } };

export type ExplorerStoryQueryVariables = Exact<{
  topic: Scalars['String']['input'];
}>;


export type ExplorerStoryQuery = { __typename?: 'Query', entity?: { __typename?: 'Entity', id: string, slug: string, name: string, kind: EntityKind, description?: string | null, viewpointsOnTopic: { __typename?: 'ViewpointConnection', nodes: Array<{ __typename?: 'Viewpoint', id: string, slug: string, title: string, summary?: string | null, membersConnection: { __typename?: 'ViewpointMemberConnection', totalCount: number, nodes: Array<{ __typename?: 'ViewpointMember', role: ViewpointRole, entity: { __typename?: 'Entity', id: string, slug: string, name: string, kind: EntityKind } }> } }> } } | null, claims: { __typename?: 'ClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'Claim', id: string, text: string, kind: ClaimKind, relationsOut: { __typename?: 'ClaimRelationConnection', nodes: Array<{ __typename?: 'ClaimRelation', id: string, kind: ClaimRelationKind, to: { __typename?: 'Claim', id: string, text: string } }> }, relationsIn: { __typename?: 'ClaimRelationConnection', nodes: Array<{ __typename?: 'ClaimRelation', id: string, kind: ClaimRelationKind, from: { __typename?: 'Claim', id: string, text: string } }> } }> }, claimFacets: { __typename?: 'ClaimFacets', byRating: Array<{ __typename?: 'FacetBucket', key: string, label: string, count: number }>, byStancePosition: Array<{ __typename?: 'FacetBucket', key: string, label: string, count: number }> } };

export type ExplorerCompareQueryVariables = Exact<{
  a: Scalars['ID']['input'];
  b: Scalars['ID']['input'];
}>;


export type ExplorerCompareQuery = { __typename?: 'Query', compareViewpoints: { __typename?: 'ViewpointComparison', agreementsConnection: { __typename?: 'ComparedClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null }> }, disagreementsConnection: { __typename?: 'ComparedClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null }> }, differencesConnection: { __typename?: 'ComparedClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null }> }, onlyAConnection: { __typename?: 'ComparedClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null }> }, onlyBConnection: { __typename?: 'ComparedClaimConnection', totalCount: number, nodes: Array<{ __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null }> } } };

export type ComparedClaimPartsFragment = { __typename?: 'ComparedClaim', claim: { __typename?: 'Claim', id: string, text: string, kind: ClaimKind }, stanceA?: { __typename?: 'Stance', id: string, position: StancePosition } | null, stanceB?: { __typename?: 'Stance', id: string, position: StancePosition } | null };

export type ExplorerTopicsQueryVariables = Exact<{
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type ExplorerTopicsQuery = { __typename?: 'Query', entities: { __typename?: 'EntityConnection', totalCount: number, nodes: Array<{ __typename?: 'Entity', id: string, slug: string, name: string, description?: string | null, viewpointsOnTopic: { __typename?: 'ViewpointConnection', totalCount: number, nodes: Array<{ __typename?: 'Viewpoint', id: string, slug: string, title: string, stances: { __typename?: 'StanceConnection', totalCount: number } }> } }> } };

export type ExplorerSearchQueryVariables = Exact<{
  query: Scalars['String']['input'];
}>;


export type ExplorerSearchQuery = { __typename?: 'Query', search: { __typename?: 'SearchConnection', totalCount: number, nodes: Array<{ __typename?: 'SearchHit', rank: number, snippet: string, node:
        | { __typename: 'Claim', id: string, text: string, stances: { __typename?: 'StanceConnection', nodes: Array<{ __typename?: 'Stance', holder:
                | { __typename: 'Entity' }
                | { __typename: 'Viewpoint', slug: string, topic?: { __typename?: 'Entity', slug: string } | null }
               }> } }
        | { __typename: 'Entity', id: string, slug: string, name: string, kind: EntityKind }
        | { __typename: 'Quote', id: string, exact: string, source: { __typename?: 'Source', id: string, title: string } }
        | { __typename: 'Source', id: string, title: string }
        | { __typename: 'Viewpoint', id: string, slug: string, title: string, topic?: { __typename?: 'Entity', slug: string } | null }
       }> } };

export const QuotePartsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuoteParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Quote"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exact"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"suffix"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"attribution"}},{"kind":"Field","name":{"kind":"Name","value":"speakers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exact"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"derivationKind"}},{"kind":"Field","name":{"kind":"Name","value":"derivedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<QuotePartsFragment, unknown>;
export const ComparedClaimPartsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComparedClaimParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComparedClaim"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stanceA"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stanceB"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<ComparedClaimPartsFragment, unknown>;
export const ExplorerClaimDocument = {"__meta__":{"hash":"4b0c1197c95b37114fca1fd3a292b39db0428981794439153dfb115d13e29936"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerClaim"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claim"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"claimants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reviews"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"originalRating"}},{"kind":"Field","name":{"kind":"Name","value":"normalizedRating"}},{"kind":"Field","name":{"kind":"Name","value":"reviewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"stances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Entity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Viewpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuoteParts"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"appearancesConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuoteParts"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuoteParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Quote"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exact"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"suffix"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"attribution"}},{"kind":"Field","name":{"kind":"Name","value":"speakers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exact"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"derivationKind"}},{"kind":"Field","name":{"kind":"Name","value":"derivedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerClaimQuery, ExplorerClaimQueryVariables>;
export const ExplorerSourceDocument = {"__meta__":{"hash":"39aa25849becad597b903b17c4e8ecd1a9c33a43a3f4642236f0a30140844521"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerSource"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]} as unknown as DocumentNode<ExplorerSourceQuery, ExplorerSourceQueryVariables>;
export const ExplorerEntityDocument = {"__meta__":{"hash":"11c0c24f13fc28e6f94229805685ce3280493b68bf89cae210bac9cba4b2028d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerEntity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"slug"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"slug"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"quotedIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exact"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"suffix"}},{"kind":"Field","name":{"kind":"Name","value":"attribution"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"claims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"claimsAbout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"claimsMade"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"stances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"claim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationsOut"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"predicate"}},{"kind":"Field","name":{"kind":"Name","value":"object"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationsIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"predicate"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"viewpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"topic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewpointsOnTopic"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerEntityQuery, ExplorerEntityQueryVariables>;
export const ExplorerTopicActivityDocument = {"__meta__":{"hash":"10a0c832d58cea4bc4c7bd314454eb1aa97e441ff29440a78d283140389165e5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ExplorerTopicActivity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"topic"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"topicActivity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"topic"},"value":{"kind":"Variable","name":{"kind":"Name","value":"topic"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"claimIds"}}]}}]}}]} as unknown as DocumentNode<ExplorerTopicActivitySubscription, ExplorerTopicActivitySubscriptionVariables>;
export const ExplorerStoryDocument = {"__meta__":{"hash":"417da55b9e35731e6fa13119b053bafb5755e058a7a90e67d5be26773ef212e9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerStory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"topic"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"topic"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"viewpointsOnTopic"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"membersConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"entity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"claims"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stances"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"some"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"holderViewpoint"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"topic"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"slug"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"equals"},"value":{"kind":"Variable","name":{"kind":"Name","value":"topic"}}}]}}]}}]}}]}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"relationsOut"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationsIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"claimFacets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"stances"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"some"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"holderViewpoint"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"topic"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"slug"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"equals"},"value":{"kind":"Variable","name":{"kind":"Name","value":"topic"}}}]}}]}}]}}]}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byRating"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byStancePosition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerStoryQuery, ExplorerStoryQueryVariables>;
export const ExplorerCompareDocument = {"__meta__":{"hash":"1307a2424d13d567ea4d55a2e61e2e1d4a4c258e1fefc441b0d7502522c23566"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerCompare"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"a"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"b"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"compareViewpoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"a"},"value":{"kind":"Variable","name":{"kind":"Name","value":"a"}}},{"kind":"Argument","name":{"kind":"Name","value":"b"},"value":{"kind":"Variable","name":{"kind":"Name","value":"b"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agreementsConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComparedClaimParts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disagreementsConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComparedClaimParts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"differencesConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComparedClaimParts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"onlyAConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComparedClaimParts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"onlyBConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ComparedClaimParts"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ComparedClaimParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ComparedClaim"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stanceA"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stanceB"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<ExplorerCompareQuery, ExplorerCompareQueryVariables>;
export const ExplorerTopicsDocument = {"__meta__":{"hash":"accc5effbf4f8fb01409a208244b6ac37153f38ecdd72e5501daa0dc596a944e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerTopics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"equals"},"value":{"kind":"EnumValue","value":"TOPIC"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"viewpointsOnTopic"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"stances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerTopicsQuery, ExplorerTopicsQueryVariables>;
export const ExplorerSearchDocument = {"__meta__":{"hash":"ba2fd5bb3b89d4894c695d824f6cdab5c62c587e9de4c64dd4ebcf70a8c215a2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplorerSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"search"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"snippet"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Claim"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"stances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Viewpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"topic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}}]}}]}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Entity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Viewpoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"topic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Quote"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exact"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExplorerSearchQuery, ExplorerSearchQueryVariables>;