import pino from "pino";

export type Logger = pino.Logger;

/**
 * Header and field names that must never reach a log, wherever they appear. Nothing logs headers or
 * bodies today; this is the net under that rule.
 */
const REDACT = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "apiKey",
  "*.apiKey",
  "key",
  "*.key",
];

/** Structured JSON logs (to stdout, or to `destination`: tests capture them). */
export function createLogger(level = process.env.LOG_LEVEL ?? "info", destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "claimbase" },
    redact: { paths: REDACT, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
