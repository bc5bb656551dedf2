/**
 * Bounds on JSON values that arrive from clients. Both walks are iterative: the values they guard
 * against are the ones deep enough to overflow a recursive walk (JSON.stringify, graphql-js's input
 * coercion), so they must not recurse themselves.
 */

/** True when `value` nests arrays or objects more than `max` levels deep (a scalar is level 0). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > max) return true;
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * About how many bytes `value` takes as JSON, counting until `limit` is passed (then it stops and
 * returns a number above `limit`). Strings count their length plus quotes, keys likewise; escapes and
 * multi-byte characters are not expanded, so this is a lower bound that is exact for plain ASCII.
 */
export function jsonSizeOver(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === "string") size += current.length + 3;
    else if (current === null || typeof current !== "object") size += 6;
    else if (Array.isArray(current)) {
      size += 2 + current.length;
      for (const item of current) stack.push(item);
    } else {
      for (const key in current) {
        size += key.length + 4;
        stack.push((current as Record<string, unknown>)[key]);
      }
      size += 2;
    }
    if (size > limit) return size;
  }
  return size;
}
