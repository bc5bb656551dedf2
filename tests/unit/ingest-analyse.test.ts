import { analyse } from "../../src/modules/ingest/analyse";
import { findQuotations } from "../../src/modules/ingest/analyse/quotations";
import type { Analysis, KnownEntity, SpeakerProposal } from "../../src/modules/ingest/analysis.model";

const names = (speakers: SpeakerProposal[]) => speakers.map((s) => (s.author ? "AUTHOR" : s.name));
const inner = (text: string) => findQuotations(text).map((q) => text.slice(q.innerStart, q.innerEnd));

/** Every span the analysis proposes points at its own words. */
function expectExactOffsets(text: string, a: Analysis) {
  const spans = [
    ...a.sentences,
    ...a.quotes,
    ...a.quotes.flatMap((q) => [
      ...(q.cue ? [q.cue] : []),
      ...q.speakers.flatMap((s) => (s.author ? [] : [s.mention])),
    ]),
    ...a.mentions,
    ...a.claims,
  ];
  for (const s of spans) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(s.start, s.end)).toBe(s.exact);
  }
}

describe("quotation marks", () => {
  it("pairs curly double and single marks, nested", () => {
    const text = "“The chief told us ‘hold the line’ and we did,” she said.";
    const quotes = findQuotations(text);
    expect(quotes.map((q) => [text.slice(q.innerStart, q.innerEnd), q.depth])).toEqual([
      ["The chief told us ‘hold the line’ and we did,", 0],
      ["hold the line", 1],
    ]);
  });

  it("pairs straight marks, nested", () => {
    expect(inner(`He said "the sign read 'closed' all day" and left.`)).toEqual([
      "the sign read 'closed' all day",
      "closed",
    ]);
  });

  it("does not take apostrophes for quotation marks", () => {
    expect(inner("The city’s mayor didn't say the officers’ actions were wrong; it's Jones' view.")).toEqual([]);
    expect(inner("‘The city’s policy isn’t negotiable,’ the mayor’s aide said.")).toEqual([
      "The city’s policy isn’t negotiable,",
    ]);
    expect(inner("In the ’90s the rock ’n’ roll era was over.")).toEqual([]);
  });

  it("drops marks left open at the end of a paragraph (unbalanced input)", () => {
    expect(inner("“This never closes, she said.\nA “short” one.")).toEqual(["short"]);
    expect(inner('Stray ” and " marks » everywhere "')).toEqual([]);
  });
});

describe("attribution cues", () => {
  it("proposes a quotation with its cue and named speaker as DIRECT", () => {
    const text = "“We will not back down,” said Maria López, the city’s mayor.";
    const a = analyse({ text, known: [] });
    const direct = a.quotes.find((q) => q.attribution === "DIRECT");
    expect(direct).toMatchObject({ quoted: true, cue: { exact: "said" } });
    expect(names(direct?.speakers ?? [])).toEqual(["Maria López"]);
    expect(direct?.exact).toContain("We will not back down");
    expectExactOffsets(text, a);
  });

  it("proposes reported speech of a singular actor as INDIRECT, matching the cue verb by its lemma", () => {
    for (const verb of ["argued", "argues", "says", "claimed", "asserted", "emphasized", "declared"]) {
      const text = `The finance minister ${verb} that the new tax would raise 3 billion euros.`;
      const [q] = analyse({ text, known: [] }).quotes;
      expect(q).toMatchObject({ attribution: "INDIRECT", quoted: false, cue: { exact: verb } });
      expect(q.speakers).toEqual([
        expect.objectContaining({
          name: "Finance minister",
          kind: "PERSON",
          mention: expect.objectContaining({ exact: "finance minister" }),
        }),
      ]);
    }
  });

  it("splits coordinated speakers", () => {
    const text = "The mayor and police chief criticized the officers for helping federal agents.";
    const [q] = analyse({ text, known: [] }).quotes;
    expect(q.attribution).toBe("INDIRECT");
    expect(names(q.speakers)).toEqual(["Mayor", "Police chief"]);
  });

  it("proposes what groups say as ATTRIBUTED_TO_GROUP", () => {
    const text =
      "Critics of the plan say it will raise rents. Some residents support the plan, believing it will create jobs. Others argue that the city cannot pay for it.";
    const a = analyse({ text, known: [] });
    const groups = a.quotes.filter((q) => q.attribution === "ATTRIBUTED_TO_GROUP");
    expect(groups.map((q) => names(q.speakers))).toEqual([["Critics of the plan"], ["Some residents"], ["Others"]]);
    expect(groups.every((q) => q.speakers.every((s) => !s.author && s.kind === "GROUP"))).toBe(true);
    expectExactOffsets(text, a);
  });

  it("reads 'according to X' before and after the clause", () => {
    const text =
      "According to the health ministry, 40 percent of clinics closed. The clinics reopened in May, according to Dr. Amal Haddad.";
    const a = analyse({ text, known: [] });
    expect(a.quotes.map((q) => [q.cue?.exact, names(q.speakers)])).toEqual([
      ["According to", ["Health ministry"]],
      ["according to", ["Dr. Amal Haddad"]],
    ]);
  });

  it("gives sentences with no cue to the author, and ignores passives", () => {
    const text = "The bridge carries 40,000 cars a day. It was said to be unsafe.";
    const a = analyse({ text, known: [] });
    expect(a.quotes.map((q) => [q.attribution, names(q.speakers)])).toEqual([
      ["AUTHOR", ["AUTHOR"]],
      ["AUTHOR", ["AUTHOR"]],
    ]);
  });

  it("resolves pronoun speakers to the most recent speakers", () => {
    const text =
      "The governor and the health secretary announced the closure on Monday. They emphasized that schools would stay open. Professor Lena Ortiz warned that cases could double. She said hospitals were ready.";
    const a = analyse({ text, known: [] });
    const they = a.quotes.find((q) => q.cue?.exact === "emphasized");
    expect(names(they?.speakers ?? [])).toEqual(["Governor", "Health secretary"]);
    // The mention of a pronoun speaker is its antecedent, not the pronoun.
    expect(they?.speakers.map((s) => (s.author ? "" : s.mention.exact))).toEqual(["governor", "health secretary"]);
    const she = a.quotes.find((q) => q.exact.startsWith("She said"));
    expect(names(she?.speakers ?? [])).toEqual(["Professor Lena Ortiz"]);
  });
});

describe("mentions", () => {
  const known: KnownEntity[] = [
    { id: "e1", slug: "jose-alvarez", name: "José Álvarez", aliases: ["Pepe Alvarez"], kind: "PERSON" },
    { id: "e2", slug: "border-patrol", name: "Border Patrol", aliases: ["CBP"], kind: "GOVERNMENT_BODY" },
    { id: "e3", slug: "border-patrol-agents", name: "Border Patrol agents", aliases: [], kind: "GROUP" },
  ];

  it("matches known entities by name and alias, ignoring case and accents, whole words, longest first", () => {
    const text = "JOSE ALVAREZ said border patrol agents met pepe álvarez. The CBP declined. Cbpx is no match.";
    const a = analyse({ text, known });
    const found = a.mentions.filter((m) => m.entityId).map((m) => [m.exact, m.entityId, m.how]);
    expect(found).toEqual([
      ["JOSE ALVAREZ", "e1", "NAME"],
      ["border patrol agents", "e3", "NAME"],
      ["pepe álvarez", "e1", "ALIAS"],
      ["CBP", "e2", "ALIAS"],
    ]);
    const [q] = a.quotes;
    expect(q.speakers).toEqual([expect.objectContaining({ entityId: "e1", name: "José Álvarez", kind: "PERSON" })]);
  });

  it("proposes new names, roles and groups with a readable name and a kind", () => {
    const text =
      "On Tuesday the police chief met Senator Maria Chen and officials of the Department of Transportation. Advocates for cyclists welcomed the talks in Springfield County.";
    const a = analyse({ text, known: [] });
    const got = a.mentions.map((m) => [m.name, m.kind, m.how]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["Police chief", "PERSON", "ROLE"],
        ["Senator Maria Chen", "PERSON", "PROPER_NAME"],
        ["Department of Transportation", "GOVERNMENT_BODY", "PROPER_NAME"],
        ["Advocates for cyclists", "GROUP", "GROUP"],
        ["Springfield County", "GOVERNMENT_BODY", "PROPER_NAME"],
      ]),
    );
    expect(got.map(([name]) => name)).not.toContain("Tuesday");
  });
});

describe("claim candidates", () => {
  it("scores checkable sentences above bland ones and cleans their text", () => {
    const text =
      "Unemployment fell to 4.2 percent in March, the lowest rate since 2001, the statistics office said. The weather was nice.";
    const a = analyse({ text, known: [] });
    const [claim] = a.claims;
    expect(claim).toMatchObject({
      text: "Unemployment fell to 4.2 percent in March, the lowest rate since 2001.",
      kind: "FACTUAL",
      attribution: "INDIRECT",
    });
    expect(claim.score).toBeGreaterThanOrEqual(0.7);
    expect(a.claims.map((c) => c.text)).not.toContain("The weather was nice.");
  });

  it("drops the cue and quotation marks from reported claims", () => {
    const text = "Opponents claim that the new law “will lead to higher crime” in the suburbs.";
    const [claim] = analyse({ text, known: [] }).claims;
    expect(claim.text).toBe("The new law will lead to higher crime in the suburbs.");
    expect(claim.kind).toBe("CAUSAL");
    expect(claim.attribution).toBe("ATTRIBUTED_TO_GROUP");
  });

  it("classifies normative and predictive claims", () => {
    const text =
      "The council should ban cars from the old town by 2030. The new metro line will carry 200,000 passengers a day.";
    const kinds = analyse({ text, known: [] }).claims.map((c) => c.kind);
    expect(kinds).toEqual(["NORMATIVE", "PREDICTIVE"]);
  });

  it("drops questions, headings and ads", () => {
    const text =
      "Why did the council raise taxes by 10 percent?\nThe Budget Debate\n- YOU MAY ALSO LIKE TO WATCH THIS TRENDING STORY ON YOUTUBE. Ten haunted hospitals ranked\nTaxes rose by 10 percent in 2024.";
    const a = analyse({ text, known: [] });
    expect(a.claims.map((c) => c.text)).toEqual(["Taxes rose by 10 percent in 2024."]);
    expect(a.quotes.map((q) => q.exact)).toEqual(["Taxes rose by 10 percent in 2024."]);
  });
});

describe("robustness", () => {
  it("is deterministic", () => {
    const text = "“It works,” said the engineer. Critics say it costs 3 million dollars more than planned.";
    expect(analyse({ text, known: [] })).toEqual(analyse({ text, known: [] }));
  });

  it("returns nothing for an empty or blank text", () => {
    expect(analyse({ text: "", known: [] })).toEqual({ sentences: [], quotes: [], mentions: [], claims: [] });
    expect(analyse({ text: " \n\n\t ", known: [] })).toEqual({ sentences: [], quotes: [], mentions: [], claims: [] });
  });

  it("keeps offsets exact around emoji, right-to-left text and combining characters", () => {
    const text =
      "🚀 The mayor said that 👩🏽‍🚒 crews saved 12 homes. “מים חיים” was painted on the wall, Dr. Zoë Ade\u0301 said. Cafe\u0301 owners argue that rents rose 30% 😀.";
    const a = analyse({ text, known: [{ id: "z", slug: "zoe", name: "Zoë Adé", aliases: [], kind: "PERSON" }] });
    expectExactOffsets(text, a);
    expect(a.mentions.find((m) => m.entityId === "z")?.exact).toBe("Zoë Ade\u0301");
    expect(a.quotes.length).toBeGreaterThan(0);
  });

  it("survives unbalanced quotation marks", () => {
    const text = '“The plan is dead, the senator said. Others argue "it is not. ‘Never,’ one wrote.';
    const a = analyse({ text, known: [] });
    expectExactOffsets(text, a);
    expect(a.quotes.length).toBeGreaterThan(0);
  });

  // A ceiling for a loaded machine, not a timing assertion.
  it("completes on a megabyte of text", () => {
    const paragraph =
      "Officials said the river rose 2 metres overnight. “We are ready,” said the fire chief. Residents argue that the levee is too low.\n";
    const text = paragraph.repeat(Math.ceil(1_000_000 / paragraph.length));
    expect(text.length).toBeGreaterThanOrEqual(1_000_000);
    const a = analyse({ text, known: [] });
    expect(a.sentences.length).toBe(3 * Math.ceil(1_000_000 / paragraph.length));
    const last = a.quotes[a.quotes.length - 1];
    expect(text.slice(last.start, last.end)).toBe(last.exact);
  }, 300_000);

  it("completes on a megabyte with no sentence breaks", () => {
    const text = "word ".repeat(200_000);
    const a = analyse({ text, known: [] });
    expect(a.sentences.length).toBeGreaterThan(0);
  });
});
