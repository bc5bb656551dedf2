import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP webhook receiver for tests, with its own signature verifier written from the Standard
 * Webhooks spec (not the service's code): HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed by the
 * base64-decoded `whsec_` secret, compared in constant time, timestamp within five minutes.
 */

export interface Received {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  json: any;
  /** The status this receiver answered. */
  answered: number;
}

export function verify(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string) {
  const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
  const expected = createHmac("sha256", key).update(`${headers.id}.${headers.timestamp}.${body}`).digest();
  const age = Math.abs(Date.now() / 1000 - Number(headers.timestamp));
  if (!(age < 300)) return false;
  return headers.signature.split(" ").some((entry) => {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests accepted (2xx), in arrival order. */
  accepted(): Received[];
  /** Decides the status of each request (default 200). */
  respond: (request: Received, index: number) => number;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    port: 0,
    received,
    accepted: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    respond: () => 200,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const entry: Received = {
        id: String(req.headers["webhook-id"]),
        timestamp: Number(req.headers["webhook-timestamp"]),
        signature: String(req.headers["webhook-signature"]),
        body,
        json: (() => {
          try {
            return JSON.parse(body);
          } catch {
            return null;
          }
        })(),
        answered: 0,
      };
      entry.answered = receiver.respond(entry, received.length);
      received.push(entry);
      if (entry.answered >= 300 && entry.answered < 400) res.setHeader("location", "http://169.254.169.254/");
      res.statusCode = entry.answered;
      res.end(entry.answered < 300 ? "ok" : "no");
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  // Let the server close with keep-alive sockets still open.
  const close = receiver.close;
  receiver.close = () => {
    server.closeAllConnections();
    return close();
  };
  return receiver;
}
