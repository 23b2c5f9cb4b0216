// Structured logs. Secrets are never passed to the logger; redaction is the second line of defence.
import pino, { type Logger } from "pino";
import { domainOf, splitAppKey, type AppKey } from "./tenants";
import type { AppRegistration } from "./store/types";

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

/** Who a line is about when only the app's key is known (its registration is not, or not yet): no kintone domain. */
export function keyFields(key: AppKey): { tenant?: string; app: string } {
  const { tenant, appId } = splitAppKey(key);
  return tenant ? { tenant, app: appId } : { app: appId };
}

/** Who a line is about: the tenant (its id, or the kintone domain for the connector's own apps) and kintone's app id. */
export function appFields(reg: Pick<AppRegistration, "tenant" | "appId" | "kintoneBaseUrl">): { tenant: string; app: string } {
  return { tenant: reg.tenant || domainOf(reg), app: reg.appId };
}
