import http from "node:http";
import type { AddressInfo } from "node:net";
import helmet from "helmet";
import type { Middleware } from "../../src/http/lane";
import { replayed, securityHeaders } from "../../src/http/security";

/** The headers a real response carries after `middleware`, without those that vary per response. */
async function headersAfter(middleware: Middleware): Promise<[string, string][]> {
  const server = http.createServer((req, res) => {
    res.setHeader("X-Powered-By", "something");
    middleware(req, res, () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.text();
    const varying = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
    return [...response.headers.entries()].filter(([name]) => !varying.has(name)).sort();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const options = (production: boolean) => ({
  contentSecurityPolicy: false as const,
  strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : (false as const),
  xFrameOptions: { action: "deny" as const },
  referrerPolicy: { policy: "no-referrer" as const },
});

describe("security headers", () => {
  it.each([false, true])("replays exactly what helmet writes (production: %s)", async (production) => {
    const direct = await headersAfter(helmet(options(production)) as Middleware);
    const served = await headersAfter(securityHeaders(production));
    expect(served).toEqual(direct);
    const names = served.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(["x-content-type-options", "x-frame-options", "referrer-policy"]));
    expect(names).not.toContain("x-powered-by");
    expect(names.includes("strict-transport-security")).toBe(production);
  });

  it("records nothing from a middleware that reads the request or answers later", () => {
    const readsRequest: Middleware = (req, res, next) => {
      res.setHeader("Vary", String(req.headers.origin));
      next();
    };
    const answersLater: Middleware = (_req, res, next) => {
      res.setHeader("X-A", "1");
      setImmediate(next);
    };
    const failsOn: Middleware = (_req, _res, next) => next(new Error("no"));
    expect(replayed(readsRequest)).toBeNull();
    expect(replayed(answersLater)).toBeNull();
    expect(replayed(failsOn)).toBeNull();
  });
});
