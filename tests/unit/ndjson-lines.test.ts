import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { invalidUtf8At, invalidUtf8InFile, splitLines } from "../../src/modules/bundle/bundle.lines";

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function lines(input: AsyncIterable<Buffer>, maxBytes = 100) {
  const out: { number: number; offset: number; text: string }[] = [];
  for await (const line of splitLines(input, maxBytes, (n) => new Error(`line ${n} too long`))) {
    out.push({ number: line.number, offset: line.offset, text: line.bytes.toString("utf8") });
  }
  return out;
}

describe("splitLines", () => {
  it("splits at newlines across chunk boundaries, with each line's number and byte offset", async () => {
    expect(await lines(chunks("ab", "c\nde\n", "\nf", "g"))).toEqual([
      { number: 1, offset: 0, text: "abc" },
      { number: 2, offset: 4, text: "de" },
      { number: 3, offset: 7, text: "" },
      { number: 4, offset: 8, text: "fg" },
    ]);
  });

  it("keeps a line of exactly the cap and refuses one byte more, naming the line", async () => {
    expect(await lines(chunks("12345\n", "123", "45"), 5)).toHaveLength(2);
    await expect(lines(chunks("1\n", "123", "456\n"), 5)).rejects.toThrow("line 2 too long");
  });

  it("refuses an endless line before reading the rest of it", async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        read += 1;
        yield Buffer.alloc(1024, 0x61);
      }
    }
    await expect(lines(endless(), 10 * 1024)).rejects.toThrow("line 1 too long");
    expect(read).toBe(11);
  });
});

describe("UTF-8 checks", () => {
  it("names the first byte that does not begin a valid character", () => {
    expect(invalidUtf8At(Buffer.from("héllo"))).toBe(-1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xc3, 0x28]))).toBe(1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short at the end
    expect(invalidUtf8At(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(invalidUtf8At(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
  });

  it("finds the offset in a file whose characters are split across read chunks", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "claimbase-utf8-"));
    try {
      const file = path.join(dir, "input");
      // 65535 ASCII bytes put a 3-byte character across the first 64 KiB read.
      const good = Buffer.concat([Buffer.alloc(65_535, 0x61), Buffer.from("€"), Buffer.alloc(10, 0x62)]);
      await writeFile(file, good);
      expect(await invalidUtf8InFile(file, 0)).toBeNull();
      await writeFile(file, Buffer.concat([good, Buffer.from([0xff])]));
      expect(await invalidUtf8InFile(file, 0)).toBe(good.length);
      await writeFile(file, Buffer.concat([good, Buffer.from([0xe2, 0x82])]));
      expect(await invalidUtf8InFile(file, 0)).toBe(good.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
