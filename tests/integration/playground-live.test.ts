import { createKey } from "../../src/modules/auth";
import { CHROMIUM, hasChromium, launchChromium } from "../support/browser";
import { useTestServer } from "../support/lifecycle";

/**
 * Issue #19: the playground runs subscriptions. A real Chromium opens the GraphiQL page the server
 * serves, runs its live tab (a subscription over graphql-ws on /graphql), and shows an event written by
 * another client over HTTP.
 */

jest.setTimeout(120_000);

/** The page's own globals, for the functions evaluated in it (this project compiles without the DOM lib). */
declare const document: any;

const suite = useTestServer({ template: "story" });
let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;

afterAll(async () => {
  await chromium?.close();
});

it("runs the live tab's subscription and shows an event written by another client", async () => {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  chromium = await launchChromium();
  const page = await chromium.browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(`${suite.server.url}/graphql`, { waitUntil: "networkidle0" });
  await page.waitForSelector(".graphiql-tab", { timeout: 30_000 });
  // The live tab is the last one.
  await page.evaluate(() => {
    const tabs = [...document.querySelectorAll(".graphiql-tab")];
    const last: any = tabs[tabs.length - 1];
    last.querySelector("button")?.click();
  });
  await page.waitForFunction(
    () => document.querySelector(".graphiql-query-editor")?.textContent?.includes("subscription Live"),
    {
      timeout: 30_000,
    },
  );
  // GraphiQL takes the operation name from the tab a moment after the switch; running before that
  // sends the first tab's name. Wait for the active tab to be titled by the live operation.
  await page.waitForFunction(() => document.querySelector(".graphiql-tab-active")?.textContent?.includes("Live"), {
    timeout: 30_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await page.click(".graphiql-execute-button");

  const editor = (await createKey(suite.db.pool, "playground editor", "EDITOR")).key;
  // Written repeatedly until the page shows it: the subscription starts when its socket is up.
  let shown = false;
  for (let attempt = 0; attempt < 40 && !shown; attempt++) {
    const body = await suite.server.post<any>(
      `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code } } }`,
      { i: { slug: `playground-live-${attempt}`, kind: "PERSON", name: `Playground ${attempt}` } },
      editor,
    );
    expect(body.data.createEntity.userErrors).toEqual([]);
    shown = await page
      .waitForFunction(() => document.querySelector(".result-window")?.textContent?.includes("EntityCreated"), {
        timeout: 1_000,
      })
      .then(
        () => true,
        () => false,
      );
  }
  const result = await page.$eval(".result-window", (element: any) => element.textContent ?? "");
  expect(problems).toEqual([]);
  expect({ shown, result: shown ? "" : result.slice(0, 500) }).toEqual({ shown: true, result: "" });
  expect(result).toContain("EntityCreated");
  expect(result).toContain("playground-live-");
});
