// Structured logs. Secrets are never passed to the logger; redaction is the second line of defence.
import pino, { type Logger } from "pino";

export const REDACT_PATHS = [
  "secrets",
  "*.secrets",
  "token",
  "*.token",
  "apiToken",
  "*.apiToken",
  "password",
  "*.password",
  "webhookKey",
  "*.webhookKey",
  "key",
  "headers.authorization",
  'headers["x-connector-secret"]',
  'headers["x-cybozu-api-token"]',
  'headers["x-cybozu-authorization"]',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts = {
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[secret]" },
    base: { service: "connector" },
  };
  return options.destination ? pino(opts, options.destination as pino.DestinationStream) : pino(opts);
}
