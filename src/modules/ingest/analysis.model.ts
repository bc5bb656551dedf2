// The contract between the document analyser (analyse.ts: text in, proposals out, no database)
// and the ingestion service (ingest.service.ts: stores the source, resolves names against the
// database, turns proposals into Suggestion rows). Offsets here are JavaScript string offsets
// (UTF-16 code units) into the analysed text, so `text.slice(start, end) === exact`; the service turns
// them into the code point offsets that Quote and Suggestion store.

/** A span of the analysed text. */
export interface TextSpan {
  start: number;
  end: number;
  exact: string;
}

export type EntityKindName =
  "PERSON" | "ORGANIZATION" | "GOVERNMENT_BODY" | "PLACE" | "POLICY" | "EVENT" | "GROUP" | "TOPIC";

export type AttributionName = "DIRECT" | "INDIRECT" | "AUTHOR" | "ATTRIBUTED_TO_GROUP";

export type ClaimKindName = "FACTUAL" | "CAUSAL" | "NORMATIVE" | "PREDICTIVE" | "EVALUATIVE";

/** An entity already in the knowledge base, as the analyser may look for it by name and alias. */
export interface KnownEntity {
  id: string;
  slug: string;
  name: string;
  aliases: string[];
  kind: EntityKindName;
}

/**
 * Who speaks in a span. Either the source's own voice (`author: true`: its authors, else its
 * publisher) or a mention in the text ("the police chief", "Advocates"), resolved to a known entity
 * when one matches, else proposed as a new entity with a name and kind.
 */
export type SpeakerProposal =
  | { author: true }
  | {
      author?: false;
      /** Where the speaker is named: the mention itself, or for a pronoun ("they") its antecedent. */
      mention: TextSpan;
      /** A known entity's id when the mention matched one. */
      entityId?: string;
      /** The proposed name of a new entity ("Police chief", "Advocates of sanctuary policies"). */
      name: string;
      kind: EntityKindName;
    };

export interface QuoteProposal extends TextSpan {
  attribution: AttributionName;
  /** The attribution cue ("said", "according to", "argue"), when there is one. */
  cue?: TextSpan;
  speakers: SpeakerProposal[];
  /** 0..1: how sure the analyser is. */
  score: number;
  /** True when the span is inside quotation marks (a verbatim quotation). */
  quoted: boolean;
}

export interface MentionProposal extends TextSpan {
  /** A known entity's id when the mention matched one by name, alias or trigram similarity. */
  entityId?: string;
  /** How it matched: NAME, ALIAS, SIMILAR (trigram), or for new candidates PROPER_NAME, ROLE, GROUP. */
  how: "NAME" | "ALIAS" | "SIMILAR" | "PROPER_NAME" | "ROLE" | "GROUP";
  /** The proposed name for a new entity (absent when entityId is set). */
  name: string;
  kind: EntityKindName;
  score: number;
}

export interface ClaimCandidate extends TextSpan {
  /** The proposition as a claim text (the sentence or clause, cleaned: no cue, no quote marks). */
  text: string;
  kind: ClaimKindName;
  /** Who asserts it, as for quotes. */
  attribution: AttributionName;
  speakers: SpeakerProposal[];
  /** Entities the claim is about (mentions inside it). */
  subjects: Array<{ entityId?: string; name: string; kind: EntityKindName }>;
  /** 0..1 check-worthiness. */
  score: number;
}

export interface AnalysisInput {
  text: string;
  /** BCP 47, e.g. "en"; the analyser handles English and degrades gracefully otherwise. */
  language?: string;
  known: KnownEntity[];
}

export interface Analysis {
  sentences: TextSpan[];
  quotes: QuoteProposal[];
  mentions: MentionProposal[];
  claims: ClaimCandidate[];
}
