/**
 * English-like sentences for the synthetic-data generator, built from the word lists in vocab.ts. Output is
 * plain ASCII. Every choice goes through the Rng passed in, so the same stream gives the same text.
 */
import { type Rng, Zipf } from "./random";
import {
  ADJECTIVES,
  ADVERBS,
  IRREGULAR_PAST,
  IRREGULAR_PLURALS,
  NOUNS,
  PREPOSITIONS,
  SAY_VERBS,
  TOPIC_WORDS,
  VERBS,
} from "./vocab";

export const CLAIM_KINDS = ["FACTUAL", "CAUSAL", "NORMATIVE", "PREDICTIVE", "EVALUATIVE"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export function plural(noun: string): string {
  const irregular = IRREGULAR_PLURALS[noun];
  if (irregular) return irregular;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

export function pastTense(verb: string): string {
  const irregular = IRREGULAR_PAST[verb];
  if (irregular) return irregular;
  if (verb.endsWith("e")) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

export function thirdPerson(verb: string): string {
  if (/(s|x|z|ch|sh|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

export function slugify(text: string, max = 80): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return slug || "x";
}

/** Names the sentences can mention; filled in by the generator once entities exist. */
export interface NameBank {
  persons: string[];
  organizations: string[];
  governments: string[];
  places: string[];
}

const NOUN_PLURALS = NOUNS.map(plural);
const VERB_PAST = VERBS.map(pastTense);
const VERB_THIRD = VERBS.map(thirdPerson);
const TOPIC_INDEX = Int32Array.from(TOPIC_WORDS.keys());
const GROUP_WORDS = ["Critics", "Supporters", "Officials", "Residents", "Advocates", "Opponents", "Analysts"];
const TRENDS_UP = ["rose", "climbed", "increased", "jumped", "doubled"];
const TRENDS_DOWN = ["fell", "dropped", "declined", "decreased", "plunged"];
const CAUSE_PHRASES = ["caused", "led to", "contributed to", "resulted in", "was responsible for"];
const CHANGE_NOUNS = ["increase", "decrease", "rise", "drop", "surge", "decline"];
const MODALS = ["should", "must", "ought to", "needs to"];
const SAY_PRESENT = ["say", "argue", "claim", "warn", "insist", "suggest", "contend"];

export class Prose {
  private readonly topics: Zipf;

  constructor(
    private readonly names: NameBank,
    topicOrder: Rng,
  ) {
    // Topic words keep their listed order of popularity (immigration, police, sanctuary, ...); the Rng only
    // breaks ties for the long tail so that different seeds vary a little.
    const head = Array.from(TOPIC_INDEX.slice(0, 14));
    const tail = topicOrder.shuffle(Array.from(TOPIC_INDEX.slice(14)));
    this.topics = new Zipf(Int32Array.from([...head, ...tail]), 0.9);
  }

  topic(r: Rng): string {
    return TOPIC_WORDS[this.topics.sample(r)];
  }

  /** The word with "a" or "an" before it. */
  a(word: string): string {
    return `${article(word)} ${word}`;
  }

  noun(r: Rng): string {
    return NOUNS[r.int(NOUNS.length)];
  }

  nouns(r: Rng): string {
    return NOUN_PLURALS[r.int(NOUN_PLURALS.length)];
  }

  verb(r: Rng): string {
    return VERBS[r.int(VERBS.length)];
  }

  past(r: Rng): string {
    return VERB_PAST[r.int(VERB_PAST.length)];
  }

  third(r: Rng): string {
    return VERB_THIRD[r.int(VERB_THIRD.length)];
  }

  adj(r: Rng): string {
    return ADJECTIVES[r.int(ADJECTIVES.length)];
  }

  adv(r: Rng): string {
    return ADVERBS[r.int(ADVERBS.length)];
  }

  prep(r: Rng): string {
    return PREPOSITIONS[r.int(PREPOSITIONS.length)];
  }

  say(r: Rng): string {
    return SAY_VERBS[r.int(SAY_VERBS.length)];
  }

  year(r: Rng): number {
    return r.between(2008, 2025);
  }

  count(r: Rng): string {
    const x = r.next();
    if (x < 0.4) return String(r.between(2, 99));
    if (x < 0.8) return String(r.between(100, 9999));
    return r.between(10, 999).toLocaleString("en-US") + ",000";
  }

  person(r: Rng): string {
    return r.pick(this.names.persons);
  }

  organization(r: Rng): string {
    return r.pick(this.names.organizations);
  }

  government(r: Rng): string {
    return r.pick(this.names.governments);
  }

  place(r: Rng): string {
    return r.pick(this.names.places);
  }

  /** One sentence of generic news prose. */
  filler(r: Rng): string {
    switch (r.int(14)) {
      case 0:
        return `${this.person(r)}, ${this.a(this.adj(r))} ${this.noun(r)} in ${this.place(r)}, ${this.say(r)} that the ${this.topic(r)} ${this.noun(r)} ${this.past(r)} ${this.nouns(r)} ${this.prep(r)} the ${this.noun(r)}.`;
      case 1:
        return `The ${this.noun(r)} ${this.past(r)} ${this.adv(r)} after ${this.nouns(r)} in ${this.place(r)} ${this.past(r)} the ${this.adj(r)} ${this.noun(r)}.`;
      case 2:
        return `In ${this.year(r)}, the ${this.government(r)} ${this.past(r)} ${this.count(r)} ${this.nouns(r)} for ${this.topic(r)} ${this.nouns(r)}.`;
      case 3:
        return `${r.pick(GROUP_WORDS)} ${r.pick(SAY_PRESENT)} the ${this.topic(r)} ${this.noun(r)} would ${this.verb(r)} ${this.adj(r)} ${this.nouns(r)}.`;
      case 4:
        return `It was not ${this.adv(r)} clear whether the ${this.noun(r)} would ${this.verb(r)} the ${this.topic(r)} ${this.noun(r)}.`;
      case 5:
        return `The ${this.adj(r)} ${this.noun(r)} ${this.prep(r)} ${this.place(r)} ${this.past(r)} ${this.adv(r)} ${this.prep(r)} the ${this.noun(r)}.`;
      case 6:
        return `${this.person(r)} did not respond to a request for comment.`;
      case 7:
        return `${cap(this.a(this.adj(r)))} ${this.noun(r)} from the ${this.organization(r)} ${this.past(r)} that ${this.topic(r)} ${this.nouns(r)} had ${this.past(r)} ${this.adv(r)}.`;
      case 8:
        return `The ${this.topic(r)} ${this.noun(r)} ${r.chance(0.5) ? r.pick(TRENDS_UP) : r.pick(TRENDS_DOWN)} by ${r.between(2, 60)} percent between ${r.between(2010, 2016)} and ${r.between(2017, 2025)}.`;
      case 9:
        return `Local police and ${this.topic(r)} ${this.nouns(r)} ${this.past(r)} the ${this.adj(r)} immigration ${this.noun(r)} ${this.prep(r)} ${this.place(r)}.`;
      case 10:
        return `${cap(this.adj(r))} ${this.nouns(r)} ${this.past(r)} the ${this.government(r)} to ${this.verb(r)} the ${this.topic(r)} ${this.noun(r)}.`;
      case 11:
        return `"We ${this.verb(r)} ${this.topic(r)} ${this.nouns(r)} every ${this.noun(r)}," ${this.person(r)} ${this.say(r)}.`;
      case 12:
        return `The ${this.organization(r)} ${this.past(r)} ${this.count(r)} dollars to ${this.verb(r)} the ${this.adj(r)} ${this.topic(r)} ${this.noun(r)}.`;
      default:
        return `${cap(this.topic(r))} ${this.nouns(r)} ${this.prep(r)} ${this.place(r)} remain ${this.adj(r)}, according to the ${this.government(r)}.`;
    }
  }

  headline(r: Rng): string {
    switch (r.int(7)) {
      case 0:
        return `${this.place(r)} ${this.noun(r)} ${this.third(r)} ${this.topic(r)} ${this.noun(r)} amid ${this.adj(r)} ${this.noun(r)}`;
      case 1:
        return `${this.person(r)} ${this.third(r)} ${this.adj(r)} ${this.topic(r)} ${this.noun(r)}`;
      case 2:
        return `What the ${this.topic(r)} ${this.noun(r)} means for ${this.place(r)}`;
      case 3:
        return `${cap(this.topic(r))} ${this.nouns(r)} ${this.past(r)} in ${this.place(r)}, ${this.government(r)} says`;
      case 4:
        return `${cap(this.adj(r))} ${this.topic(r)} ${this.noun(r)} ${this.third(r)} ${this.place(r)} ${this.nouns(r)}`;
      case 5:
        return `${this.place(r)} police and immigration: ${this.adj(r)} ${this.noun(r)} over ${this.topic(r)}`;
      default:
        return `${cap(this.topic(r))}, ${this.topic(r)} and the ${this.year(r)} ${this.noun(r)}`;
    }
  }

  /** The text of a claim; `subjects` are entity names, `place` a place name. Always ends with a period. */
  claim(r: Rng, kind: ClaimKind, subjects: string[], place: string): string {
    const s = subjects[0];
    const s2 = subjects.length > 1 ? subjects[1] : `the ${this.topic(r)} ${this.noun(r)}`;
    switch (kind) {
      case "FACTUAL":
        switch (r.int(5)) {
          case 0:
            return `${s} ${this.past(r)} ${this.count(r)} ${this.topic(r)} ${this.nouns(r)} in ${place} in ${this.year(r)}.`;
          case 1:
            return `The number of ${this.topic(r)} ${this.nouns(r)} in ${place} ${r.chance(0.5) ? r.pick(TRENDS_UP) : r.pick(TRENDS_DOWN)} by ${r.between(2, 90)} percent between ${r.between(2008, 2016)} and ${r.between(2017, 2025)} under ${s}.`;
          case 2:
            return `${s} ${this.past(r)} the ${this.adj(r)} ${this.topic(r)} ${this.noun(r)} in ${this.year(r)} after ${this.count(r)} ${this.nouns(r)}.`;
          case 3:
            return `${s} received ${r.between(2, 900)} million dollars from ${s2} for ${this.topic(r)} ${this.nouns(r)} in ${this.year(r)}.`;
          default:
            return `Local police in ${place} ${this.past(r)} ${this.count(r)} immigration ${this.nouns(r)} with ${s} in ${this.year(r)}.`;
        }
      case "CAUSAL":
        switch (r.int(4)) {
          case 0:
            return `${s}'s ${this.topic(r)} policy ${r.pick(CAUSE_PHRASES)} ${this.a(this.adj(r))} ${r.pick(CHANGE_NOUNS)} in ${this.topic(r)} ${this.nouns(r)} in ${place}.`;
          case 1:
            return `The ${this.adj(r)} ${this.topic(r)} ${this.noun(r)} backed by ${s} ${this.past(r)} ${this.nouns(r)} and ${this.past(r)} ${this.topic(r)} rates in ${place} by ${r.between(2, 70)} percent.`;
          case 2:
            return `Because of ${s}, ${this.topic(r)} ${this.nouns(r)} in ${place} ${r.chance(0.5) ? r.pick(TRENDS_UP) : r.pick(TRENDS_DOWN)} by ${r.between(2, 80)} percent after ${this.year(r)}.`;
          default:
            return `Sanctuary rules adopted by ${s} ${r.pick(CAUSE_PHRASES)} a ${r.pick(CHANGE_NOUNS)} in crime and ${this.adj(r)} police ${this.nouns(r)} in ${place}.`;
        }
      case "NORMATIVE":
        switch (r.int(4)) {
          case 0:
            return `${s} ${r.pick(MODALS)} ${this.verb(r)} the ${this.adj(r)} ${this.topic(r)} ${this.noun(r)} before ${this.year(r) + 1}.`;
          case 1:
            return `${place} must not ${this.verb(r)} ${this.topic(r)} ${this.nouns(r)} to ${s}.`;
          case 2:
            return `Local police ${r.pick(MODALS)} ${r.chance(0.5) ? "not " : ""}cooperate with federal immigration ${this.nouns(r)} when ${s} ${this.third(r)} ${this.nouns(r)} in ${place}.`;
          default:
            return `${s} ${r.pick(MODALS)} ${this.adv(r)} ${this.verb(r)} ${this.topic(r)} ${this.nouns(r)} for ${this.count(r)} ${this.nouns(r)}.`;
        }
      case "PREDICTIVE":
        switch (r.int(3)) {
          case 0:
            return `${s} will ${this.verb(r)} ${this.count(r)} ${this.topic(r)} ${this.nouns(r)} in ${place} by ${r.between(2016, 2032)}.`;
          case 1:
            return `If ${s} ${this.third(r)} the ${this.topic(r)} ${this.noun(r)}, ${this.topic(r)} ${this.nouns(r)} in ${place} will ${this.verb(r)} within ${r.between(2, 12)} years.`;
          default:
            return `The ${this.topic(r)} ${this.noun(r)} proposed by ${s} will cost ${place} ${r.between(2, 500)} million dollars by ${r.between(2016, 2032)}.`;
        }
      default:
        switch (r.int(3)) {
          case 0:
            return `${s}'s handling of ${this.topic(r)} in ${place} has been ${this.adv(r)} ${this.adj(r)}.`;
          case 1:
            return `The ${this.topic(r)} record of ${s} is ${this.adj(r)} and ${this.adj(r)} for ${this.nouns(r)} in ${place}.`;
          default:
            return `${s} is the most ${this.adj(r)} ${this.noun(r)} on ${this.topic(r)} in ${place} since ${this.year(r)}.`;
        }
    }
  }

  /** A sentence that quotes or paraphrases `claim` (ending with a period) as said by `claimant`. */
  quoteSentence(r: Rng, claim: string, claimant: string): string {
    const lower = /^(The|If|Because|Local|Sanctuary) /.test(claim)
      ? claim.charAt(0).toLowerCase() + claim.slice(1)
      : claim;
    switch (r.int(6)) {
      case 0:
        return `${claimant} ${this.say(r)} that ${lower}`;
      case 1:
        return `According to ${claimant}, ${lower}`;
      case 2:
        return claim;
      case 3:
        return `"${claim.slice(0, -1)}," ${claimant} ${this.say(r)}.`;
      case 4: {
        const adjective = this.adj(r);
        return `In ${article(adjective)} ${adjective} statement, ${claimant} ${this.say(r)} that ${lower}`;
      }
      default:
        return `${claimant} has ${this.adv(r)} ${this.say(r)} that ${lower}`;
    }
  }
}
