/** The page the URL names: the explorer's three kinds of pages, or none. */
export type Route =
  | { page: "home"; search: string }
  | { page: "story"; topic: string }
  | { page: "entity"; slug: string }
  | { page: "missing" };

export function routeOf(location: Location): Route {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { page: "home", search: new URLSearchParams(location.search).get("q") ?? "" };
  const story = /^\/stories\/([^/]+)$/.exec(path);
  if (story) return { page: "story", topic: decodeURIComponent(story[1]) };
  const entity = /^\/entities\/([^/]+)$/.exec(path);
  if (entity) return { page: "entity", slug: decodeURIComponent(entity[1]) };
  return { page: "missing" };
}

export const storyUrl = (topic: string) => `/stories/${encodeURIComponent(topic)}`;
export const entityUrl = (slug: string) => `/entities/${encodeURIComponent(slug)}`;

/** The page's query parameters (the selected claim, viewpoints, source), read fresh each time. */
export function param(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** This page's URL with query parameters changed (null removes one), for links to a selection. */
export function hrefWith(changes: Record<string, string | null>): string {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const search = params.toString();
  return `${window.location.pathname}${search ? `?${search}` : ""}`;
}

/**
 * Sets query parameters (null removes one) and records a history entry, so Back returns to the
 * previous selection and the URL is always a deep link to what is on screen.
 */
export function setParams(changes: Record<string, string | null>, replace = false): void {
  const url = `${hrefWith(changes)}${window.location.hash}`;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new Event("claimbase:navigate"));
}
