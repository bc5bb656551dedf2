import { readdirSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { GraphQLEnumType } from "graphql";
import { RecordError } from "../../src/modules/bundle";
import { buildClaimbaseSchema } from "../../src/schema";
import {
  badInput,
  codedError,
  ERROR_CODES,
  type ErrorCode,
  forbidden,
  formattedError,
  isClientError,
  sendError,
  serviceUnavailable,
  unauthenticated,
  USER_ERROR_CODES,
  userError,
  type UserErrorCode,
} from "../../src/shared/errors";

const ROOT = path.join(__dirname, "../..");
const errorCodes = Object.keys(ERROR_CODES) as ErrorCode[];
const userErrorCodes = Object.keys(USER_ERROR_CODES) as UserErrorCode[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The codes of the table between `<!-- BEGIN name ... -->` and `<!-- END name -->` in docs/api.md, in order. */
function documentedCodes(name: string): string[] {
  const doc = readFileSync(path.join(ROOT, "docs", "api.md"), "utf8");
  const section = new RegExp(`<!-- BEGIN ${name} [^\\n]*-->([\\s\\S]*?)<!-- END ${name} -->`).exec(doc);
  if (!section) throw new Error(`docs/api.md has no ${name} table`);
  return [...section[1]!.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((match) => match[1]!);
}

describe("error codes", () => {
  it("gives every code of both lists a description", () => {
    for (const description of [...Object.values(ERROR_CODES), ...Object.values(USER_ERROR_CODES)]) {
      expect(description.trim().length).toBeGreaterThan(10);
    }
  });

  it("produces only listed extensions.code values from every GraphQL error factory", () => {
    const errors = [
      badInput("x", { argument: "first" }),
      unauthenticated("x"),
      forbidden("x"),
      serviceUnavailable("x"),
      ...errorCodes.map((code) => codedError(code, "x")),
    ];
    for (const error of errors) expect(errorCodes).toContain(error.extensions.code);
    for (const code of errorCodes) expect(formattedError(code, "x").extensions?.code).toBe(code);
  });

  it("keeps the extensions of the factories in the order and shape clients saw before", () => {
    expect(badInput("m", { argument: "first" }).extensions).toEqual({ code: "BAD_USER_INPUT", argument: "first" });
    expect(unauthenticated("m").extensions).toEqual({ code: "UNAUTHENTICATED", http: { status: 401 } });
    expect(forbidden("m").extensions).toEqual({ code: "FORBIDDEN" });
    const unavailable = serviceUnavailable("m").extensions as { code: string; http: { headers: Map<string, string> } };
    expect(unavailable.code).toBe("SERVICE_UNAVAILABLE");
    expect(unavailable.http.headers.get("retry-after")).toBe("1");
    expect(JSON.stringify(formattedError("RESPONSE_TOO_LARGE", "m", { limitBytes: 1 }))).toBe(
      '{"message":"m","extensions":{"code":"RESPONSE_TOO_LARGE","limitBytes":1}}',
    );
  });

  it("produces only listed UserErrorCode values from userError and RecordError", () => {
    for (const code of userErrorCodes) {
      expect(userError(code, ["input", "slug"], "x")).toEqual({ field: ["input", "slug"], code, message: "x" });
      expect(userErrorCodes).toContain(new RecordError("input/slug", code, "x").code);
    }
  });

  it("masks the message of INTERNAL_SERVER_ERROR only", () => {
    expect(errorCodes.filter((code) => !isClientError(code))).toEqual(["INTERNAL_SERVER_ERROR"]);
  });

  it("answers plain HTTP errors with the GraphQL error body, its status and JSON headers", () => {
    const headers = new Map<string, unknown>();
    let body = "";
    const res = {
      statusCode: 200,
      setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
      end: (text: string) => {
        body = text;
      },
    };
    sendError(res as unknown as ServerResponse, 429, "RATE_LIMITED", "Too many requests: retry in 3 s", {
      retryAfter: 3,
    });
    expect(res.statusCode).toBe(429);
    expect(headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(headers.get("content-length")).toBe(Buffer.byteLength(body));
    expect(body).toBe(
      '{"errors":[{"message":"Too many requests: retry in 3 s","extensions":{"code":"RATE_LIMITED","retryAfter":3}}]}',
    );
  });

  it("lists every code literal written in src (hand-built errors, comparisons, records)", () => {
    // Node's errno names are compared with `code` too, never sent.
    const listed = new Set<string>([...errorCodes, ...userErrorCodes, "EPERM"]);
    const unlisted: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, "src"))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bcode\s*(?::|===|!==)\s*"([A-Z][A-Z_]*)"/g)) {
        if (!listed.has(match[1]!)) unlisted.push(`${path.relative(ROOT, file)}: ${match[1]}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it("documents exactly the codes of each list in docs/api.md", () => {
    expect(documentedCodes("ErrorCode")).toEqual(errorCodes);
    expect(documentedCodes("UserErrorCode")).toEqual(userErrorCodes);
  });

  it("publishes both lists in the schema: the Query type's description and the UserErrorCode enum", () => {
    const schema = buildClaimbaseSchema();
    const described = [...(schema.getQueryType()?.description ?? "").matchAll(/^- `([A-Z_]+)`:/gm)].map((m) => m[1]);
    expect(described).toEqual(errorCodes);
    const userErrorCode = schema.getType("UserErrorCode");
    expect(userErrorCode).toBeInstanceOf(GraphQLEnumType);
    const values = (userErrorCode as GraphQLEnumType).getValues();
    expect(values.map((value) => value.value)).toEqual(userErrorCodes);
    for (const value of values) expect(value.description).toBe(USER_ERROR_CODES[value.value as UserErrorCode]);
  });
});
