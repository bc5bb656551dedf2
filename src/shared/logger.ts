import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs. Authorization headers and keys are redacted wherever they appear. */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { service: "claimbase" },
    redact: { paths: ["req.headers.authorization", "*.authorization", "*.apiKey", "*.key"], censor: "[redacted]" },
  });
}
