import { Transform, type TransformCallback } from "node:stream";
import { MAX_INPUT_DEPTH } from "../../limits/input-depth";

/** One token of stream-json's parser. */
export interface Token {
  name: string;
  value?: unknown;
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** A record of a streamed JSON file nested deeper than allowed: refused where it starts, before it is assembled. */
export class RecordTooDeep extends Error {
  constructor(
    /** The JSON pointer of the record (the unit being read). */
    readonly pointer: string,
    readonly maxDepth: number,
  ) {
    super(`nests more than ${maxDepth} levels deep`);
  }
}

/**
 * The stage between stream-json's parser and its pickers and streamers. The parser runs with
 * `packValues: false`, so it hands over keys, strings and numbers in chunks and holds none of them
 * whole: its own packing would assemble a string of any length before anything could see its size.
 * This stage counts the bytes of the unit being read (a value nested `unitDepth` deep, such as an
 * element of a top-level array at 1 or of a bundle section at 2, or any key or scalar above that),
 * fails with `tooLarge(pointer of the unit)` once past `maxBytes`, and packs the chunks into the
 * keyValue / stringValue / numberValue tokens that the pickers and assemblers expect.
 *
 * It also fails with RecordTooDeep once a unit nests more than `maxDepth` levels: stream-json's pickers
 * and assemblers grow slower with depth faster than linearly (a 60 kB section element nested 30,000
 * levels held the event loop for 20 s), and no record of the format nests more than a few levels.
 */
export function capTokens(
  unitDepth: number,
  maxBytes: number,
  tooLarge: (pointer: string) => Error,
  maxDepth = MAX_INPUT_DEPTH,
): Transform {
  // Per open container, the key or index being read in it.
  const path: (string | number)[] = [];
  let parts: string[] | null = null;
  let size = 0;
  const enterValue = () => {
    const last = path.length - 1;
    const top = path[last];
    if (typeof top === "number") path[last] = top + 1;
  };
  const packed = (name: string): Token => {
    const value = parts!.join("");
    parts = null;
    return { name, value };
  };
  return new Transform({
    objectMode: true,
    transform(token: Token, _encoding: BufferEncoding, done: TransformCallback) {
      switch (token.name) {
        case "startObject":
        case "startArray":
          enterValue();
          path.push(token.name === "startArray" ? -1 : "");
          if (path.length > unitDepth + maxDepth) {
            return done(new RecordTooDeep(pointer(path.slice(0, Math.max(1, unitDepth))), maxDepth));
          }
          size += 1;
          this.push(token);
          break;
        case "endObject":
        case "endArray":
          path.pop();
          size += 1;
          this.push(token);
          break;
        case "startString":
        case "startNumber":
          enterValue();
          parts = [];
          break;
        case "startKey":
          parts = [];
          break;
        case "stringChunk":
        case "numberChunk":
          size += Buffer.byteLength(token.value as string);
          parts!.push(token.value as string);
          break;
        case "endKey": {
          const key = packed("keyValue");
          path[path.length - 1] = key.value as string;
          this.push(key);
          break;
        }
        case "endString":
          this.push(packed("stringValue"));
          break;
        case "endNumber":
          this.push(packed("numberValue"));
          break;
        default:
          // nullValue, trueValue, falseValue
          enterValue();
          size += 4;
          this.push(token);
      }
      if (size > maxBytes) return done(tooLarge(pointer(path.slice(0, Math.max(1, unitDepth)))));
      if (parts === null && path.length <= unitDepth) size = 0;
      done();
    },
  });
}
