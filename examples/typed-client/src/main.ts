import { createClient } from "./client";
import { ClaimsOfKindDocument, ViewpointsDocument } from "./gql/graphql";

/**
 * `npx tsx examples/typed-client/src/main.ts [url]`: prints the story's viewpoints and its normative
 * claims through the typed client. Every field below is typed from the operations in ./operations.
 */
async function main(): Promise<void> {
  const url = process.argv[2] ?? "http://localhost:4000/graphql";
  const client = createClient({ url, persisted: "automatic" });
  const { viewpoints } = await client.request(ViewpointsDocument, { first: 4 });
  for (const viewpoint of viewpoints.nodes) {
    console.log(`${viewpoint.title} (${viewpoint.stances.totalCount} stances)`);
    for (const stance of viewpoint.stances.nodes) console.log(`  ${stance.position}: ${stance.claim.text}`);
  }
  const { claims } = await client.request(ClaimsOfKindDocument, { kind: "NORMATIVE", first: 3 });
  console.log(`${claims.totalCount} normative claims; the first ${claims.nodes.length}:`);
  for (const claim of claims.nodes) console.log(`  ${claim.text} (${claim.claimants.map((c) => c.name).join(", ")})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
