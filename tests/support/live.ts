import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** Test helpers for subscriptions (graphql-ws over real sockets) and webhooks (a real HTTP receiver). */

export function wsClient(httpUrl: string, key?: string, lazy = true): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    lazy,
    retryAttempts: 0,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  });
}

export interface Stream<T> {
  received: T[];
  errors: unknown[];
  /** Resolves once `n` results have arrived (rejects after `timeoutMs`). */
  until(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves at the first error or completion. */
  ended: Promise<unknown>;
  stop(): void;
}

/** Subscribes and collects every `next` payload's data. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Stream<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let endedResolve: (value: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (endedResolve = resolve));
  const check = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.n) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) received.push(value.data as T);
        check();
      },
      error: (error) => {
        errors.push(error);
        endedResolve(error);
      },
      complete: () => endedResolve("complete"),
    },
  );
  return {
    received,
    errors,
    ended,
    stop,
    until(n, timeoutMs = 15_000) {
      return new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${received.length} of ${n} events: ${JSON.stringify(errors)}`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received.slice(0, n));
          },
        });
        check();
      });
    },
  };
}
