import { createHash } from "node:crypto";
import { claimFingerprint, codePointLength, locateQuote, normalizeClaimText, sha256Hex } from "../../src/shared/text";

describe("locateQuote", () => {
  const text = "One fish. Two fish. Red fish. Blue fish.";

  it("finds a unique quote and returns code point offsets with context", () => {
    expect(locateQuote(text, "Red fish")).toEqual({
      ok: true,
      start: 20,
      end: 28,
      prefix: "One fish. Two fish. ",
      suffix: ". Blue fish.",
    });
  });

  it("asks for a prefix or suffix when the quote occurs more than once", () => {
    expect(locateQuote(text, "fish")).toMatchObject({ ok: false, code: "QUOTE_AMBIGUOUS", occurrences: 4 });
    expect(locateQuote(text, "fish", "Two ")).toMatchObject({ ok: true, start: 14, end: 18 });
    expect(locateQuote(text, "fish", "", ". Blue")).toMatchObject({ ok: true, start: 24, end: 28 });
  });

  it("reports a quote that is not in the text, or empty", () => {
    expect(locateQuote(text, "green fish")).toMatchObject({ ok: false, code: "QUOTE_NOT_FOUND" });
    expect(locateQuote(text, "")).toMatchObject({ ok: false, code: "QUOTE_NOT_FOUND" });
    expect(locateQuote(text, "Red fish", "Blue ")).toMatchObject({ ok: false, code: "QUOTE_NOT_FOUND" });
  });

  it("counts astral characters as one code point, as PostgreSQL does", () => {
    const emoji = "I 😀 fish 🐟 too";
    const found = locateQuote(emoji, "too");
    expect(found).toMatchObject({ ok: true, start: 11, end: 14 });
    expect(Array.from(emoji).slice(11, 14).join("")).toBe("too");
    expect(codePointLength(emoji)).toBe(14);
    expect(codePointLength("\ud83d")).toBe(1); // a lone surrogate still counts once
  });

  it("finds overlapping occurrences", () => {
    expect(locateQuote("aaa", "aa")).toMatchObject({ ok: false, occurrences: 2 });
  });
});

describe("claim natural keys", () => {
  it("ignores case, spacing, curly quotes and final punctuation", () => {
    expect(normalizeClaimText("  It’s  AGAINST our policy. ")).toBe("it's against our policy");
    expect(claimFingerprint("It’s against our policy.", ["b", "a"])).toBe(
      claimFingerprint("it's against   our policy", ["a", "b", "a"]),
    );
  });

  it("distinguishes the same text from different claimants", () => {
    expect(claimFingerprint("x", ["a"])).not.toBe(claimFingerprint("x", ["b"]));
    expect(claimFingerprint("x", ["a"])).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hashes text as UTF-8 like PostgreSQL's sha256(convert_to(text, 'UTF8'))", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // U+2019 is three bytes in UTF-8: e2 80 99. The digest of those bytes, hashed apart from sha256Hex
    // (and what PostgreSQL answers for sha256(convert_to(U&'\2019', 'UTF8'))):
    const bytes = Buffer.from([0xe2, 0x80, 0x99]);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      "fbe7a43247c3ae64bacf6cc936b1532082faf51869b27a26c198ec4480af9c4b",
    );
    expect(sha256Hex("’")).toBe("fbe7a43247c3ae64bacf6cc936b1532082faf51869b27a26c198ec4480af9c4b");
    // Not UTF-16 code units, nor Latin-1 bytes.
    expect(sha256Hex("’")).not.toBe(createHash("sha256").update(Buffer.from("’", "utf16le")).digest("hex"));
    expect(sha256Hex("é")).toBe(
      createHash("sha256")
        .update(Buffer.from([0xc3, 0xa9]))
        .digest("hex"),
    );
    expect(sha256Hex("’")).not.toBe(sha256Hex("'"));
  });
});
