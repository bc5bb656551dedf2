import { badInput } from "./errors";

/** Every type that implements Node; a global ID names one of them. */
export const NODE_TYPES = [
  "Entity",
  "EntityRelation",
  "Source",
  "Quote",
  "Claim",
  "ClaimRelation",
  "Viewpoint",
  "Stance",
  "Review",
  "Suggestion",
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KNOWN = new Set<string>(NODE_TYPES);

/** Opaque, stable, URL-safe: base64url of "<Type>:<uuid>". Clients must not parse it. */
export function toGlobalId(type: NodeTypeName, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

export interface DecodedId {
  type: NodeTypeName;
  id: string;
}

/** Decodes a global ID, or returns null when it is not one this service issued. */
export function fromGlobalId(globalId: string): DecodedId | null {
  if (globalId.length > 100 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!KNOWN.has(type) || !UUID.test(id)) return null;
  return { type: type as NodeTypeName, id };
}

/** The uuid behind a global ID of the expected type; a malformed or foreign ID is BAD_USER_INPUT. */
export function expectGlobalId(globalId: string, type: NodeTypeName, argument = "id"): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw badInput(`\`${argument}\` is not a valid ${type} ID`, { argument });
  }
  return decoded.id;
}
