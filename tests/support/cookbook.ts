import path from "node:path";
import type { GraphQLResponse, TestServer } from "./server";

/**
 * Reads docs/queries.md, the query cookbook. Its conventions (stated in the document too):
 * - a recipe is a `## N. question` heading; any other `#`/`##` heading ends the recipe before it;
 * - a ```graphql block is one request; a ```json variables block right after it holds its variables;
 * - the next ```json block is an excerpt of its real answer (see `excerptMismatches`);
 * - a variable written "<a.path from the previous answer>" is read from the previous request's `data`.
 */
export const COOKBOOK_PATH = path.join(__dirname, "../../docs/queries.md");

export interface CookbookStep {
  query: string;
  variables?: Record<string, unknown>;
  answer?: unknown;
  /** 1-based line of the ```graphql fence, for messages. */
  line: number;
}

export interface Recipe {
  number: number;
  heading: string;
  steps: CookbookStep[];
}

const RECIPE_HEADING = /^## (\d+)\. (.+?)\s*$/;
const OTHER_HEADING = /^#{1,2} /;
const FENCE_OPEN = /^```(.*)$/;
const FENCE_CLOSE = /^```\s*$/;
const FROM_PREVIOUS = /^<([\w.]+) from the previous answer>$/;

export function parseCookbook(markdown: string): Recipe[] {
  const recipes: Recipe[] = [];
  let recipe: Recipe | undefined;
  let fence: { info: string; line: number; body: string[] } | undefined;
  let lastBlock: string | undefined;
  const fail = (line: number, message: string): never => {
    throw new Error(`docs/queries.md:${line}: ${message}`);
  };
  const parseJson = (text: string, line: number): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      return fail(line, `invalid JSON (${(error as Error).message})`);
    }
  };

  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    if (fence) {
      if (!FENCE_CLOSE.test(text)) {
        fence.body.push(text);
        return;
      }
      const { info, body } = fence;
      const content = body.join("\n");
      const step = recipe?.steps[recipe.steps.length - 1];
      if (info === "graphql") {
        if (!recipe) fail(fence.line, "a graphql block outside a numbered recipe");
        recipe!.steps.push({ query: content, line: fence.line });
      } else if (info === "json variables") {
        if (!step || lastBlock !== "graphql") fail(fence.line, "variables must follow their graphql block directly");
        step!.variables = parseJson(content, fence.line) as Record<string, unknown>;
      } else if (info === "json" && recipe) {
        if (!step || step.answer !== undefined) fail(fence.line, "an answer block without a query before it");
        step!.answer = parseJson(content, fence.line);
      }
      lastBlock = info;
      fence = undefined;
      return;
    }
    const open = FENCE_OPEN.exec(text);
    if (open) {
      fence = { info: open[1]!.trim(), line, body: [] };
      return;
    }
    const heading = RECIPE_HEADING.exec(text);
    if (heading) {
      recipe = { number: Number(heading[1]), heading: heading[2]!, steps: [] };
      recipes.push(recipe);
    } else if (OTHER_HEADING.test(text)) {
      recipe = undefined;
    }
  });
  if (fence) fail(fence.line, "unclosed code block");
  return recipes;
}

/** Reads a dotted path (`claims.pageInfo.endCursor`, `byClaimant.0.nodeId`) out of a value. */
export function pick(value: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((current, key) => {
    if (current === null || typeof current !== "object") return undefined;
    return (current as Record<string, unknown>)[key];
  }, value);
}

/** Replaces "<path from the previous answer>" variables with values from the previous answer's data. */
export function resolveVariables(
  variables: Record<string, unknown> | undefined,
  previousData: unknown,
): Record<string, unknown> | undefined {
  if (!variables) return undefined;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      const ref = typeof value === "string" ? FROM_PREVIOUS.exec(value) : null;
      if (!ref) return [name, value];
      const resolved = pick(previousData, ref[1]!);
      if (resolved === undefined || resolved === null) {
        throw new Error(`variable $${name}: nothing at ${ref[1]} in the previous answer`);
      }
      return [name, resolved];
    }),
  );
}

export interface StepResult {
  step: CookbookStep;
  variables?: Record<string, unknown>;
  response: GraphQLResponse<Record<string, any>>;
}

/** Runs a recipe's requests in order over HTTP, feeding each one's answer to the next one's variables. */
export async function runRecipe(server: TestServer, recipe: Recipe): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of recipe.steps) {
    const variables = resolveVariables(step.variables, results[results.length - 1]?.response.data);
    results.push({ step, variables, response: await server.gql(step.query, variables) });
  }
  return results;
}

/**
 * Where a documented answer excerpt departs from the real answer (empty when it is a faithful excerpt).
 * An excerpt may leave out object fields and list items (the items it shows must come in the real
 * order), and may cut a string, marking the cut with a final `…`. An empty list claims an empty list.
 * Numbers match to 1e-6 (relative).
 */
export function excerptMismatches(actual: unknown, excerpt: unknown, where = "$"): string[] {
  if (excerpt === null) return actual === null ? [] : [`${where}: expected null, got ${JSON.stringify(actual)}`];
  if (typeof excerpt === "string") {
    if (typeof actual !== "string") return [`${where}: expected a string, got ${JSON.stringify(actual)}`];
    const ok = excerpt.endsWith("…") ? actual.startsWith(excerpt.slice(0, -1)) : actual === excerpt;
    return ok ? [] : [`${where}: ${JSON.stringify(excerpt)} does not match ${JSON.stringify(actual)}`];
  }
  if (typeof excerpt === "number") {
    const ok = typeof actual === "number" && Math.abs(actual - excerpt) <= 1e-6 * Math.max(1, Math.abs(excerpt));
    return ok ? [] : [`${where}: expected ${excerpt}, got ${JSON.stringify(actual)}`];
  }
  if (typeof excerpt === "boolean") {
    return actual === excerpt ? [] : [`${where}: expected ${excerpt}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(excerpt)) {
    if (!Array.isArray(actual)) return [`${where}: expected a list, got ${JSON.stringify(actual)}`];
    if (excerpt.length === 0) return actual.length === 0 ? [] : [`${where}: expected an empty list`];
    let next = 0;
    for (const [i, item] of excerpt.entries()) {
      while (next < actual.length && excerptMismatches(actual[next], item).length > 0) next += 1;
      if (next === actual.length) {
        const hint = i < actual.length ? excerptMismatches(actual[i], item, `${where}[${i}]`)[0] : undefined;
        return [`${where}[${i}]: no item (in order) matches this excerpt item${hint ? `; e.g. ${hint}` : ""}`];
      }
      next += 1;
    }
    return [];
  }
  if (typeof excerpt === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${where}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(excerpt as Record<string, unknown>).flatMap(([key, value]) =>
      key in actual
        ? excerptMismatches((actual as Record<string, unknown>)[key], value, `${where}.${key}`)
        : [`${where}: no field ${key}`],
    );
  }
  return [`${where}: unexpected excerpt value ${JSON.stringify(excerpt)}`];
}
