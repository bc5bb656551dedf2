import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

/**
 * Reading import input as bytes: NDJSON lines with a byte cap, and UTF-8 checks that name the byte at
 * fault. readline (and split2) cannot do this: they decode before splitting, so invalid UTF-8 turns
 * silently into U+FFFD, and they assemble a line of any length as one string before anyone can see
 * its size (one of 512 MiB ended the process with "Invalid string length").
 */

export interface Line {
  /** 1-based. */
  number: number;
  /** Offset of the line's first byte in the input. */
  offset: number;
  /** The line without its "\n". */
  bytes: Buffer;
}

/**
 * Splits a byte stream at "\n". A line is refused (`tooLong(lineNumber)` is thrown) as soon as it
 * passes `maxBytes`, so at most `maxBytes` plus one chunk is ever held.
 */
export async function* splitLines(
  input: AsyncIterable<Buffer>,
  maxBytes: number,
  tooLong: (line: number) => Error,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let number = 1;
  let offset = 0;
  let position = 0;
  for await (const chunk of input) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      size += end - start;
      if (size > maxBytes) throw tooLong(number);
      if (end > start) parts.push(chunk.subarray(start, end));
      if (newline === -1) break;
      yield { number, offset, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size) };
      number += 1;
      offset = position + newline + 1;
      parts = [];
      size = 0;
      start = newline + 1;
    }
    position += chunk.length;
  }
  if (size > 0) yield { number, offset, bytes: Buffer.concat(parts, size) };
}

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function startsWithBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Index of the first byte of `bytes` that does not begin a valid UTF-8 character, or -1. Each
 * character is 1 to 4 bytes, and isUtf8 refuses an incomplete one, so the shortest valid prefix at a
 * position is the character there. Only called once isUtf8 has said no: speed does not matter.
 */
export function invalidUtf8At(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    let length = 1;
    while (length <= 4 && !isUtf8(bytes.subarray(i, i + length))) length += 1;
    if (length > 4) return i;
    i += length;
  }
  return -1;
}

/** How many leading bytes of `data` end on a character boundary (a split character is left for the next chunk). */
function completeLength(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back += 1) {
    const byte = data[data.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? data.length - back : data.length;
  }
  return data.length;
}

/** Offset of the first byte of a file (from `start`) that is not valid UTF-8, or null: one streaming pass. */
export async function invalidUtf8InFile(file: string, start: number): Promise<number | null> {
  let carry = Buffer.alloc(0);
  let offset = start;
  for await (const chunk of createReadStream(file, { start }) as AsyncIterable<Buffer>) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(data);
    const whole = data.subarray(0, cut);
    if (!isUtf8(whole)) return offset + invalidUtf8At(whole);
    carry = Buffer.from(data.subarray(cut));
    offset += cut;
  }
  return carry.length > 0 ? offset : null;
}
