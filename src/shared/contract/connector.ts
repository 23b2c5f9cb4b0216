// What crosses between the config screen, the sandbox's seed and the connector: one schema each, the types
// inferred from them. Both sides parse with these, so a change of shape fails on both sides at once.
import * as v from "valibot";

/** Every secret the config screen keeps in the proxy config, declared once. "" means none (or "keep the saved one"). */
export const SECRET_NAMES = [
  "callconnectToken",
  "connectorSecret",
  "customerApiToken",
  "historyApiToken",
  "basicAuthUser",
  "basicAuthPassword",
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
export type Secrets = Record<SecretName, string>;

/** The secrets the connector keeps for an app (encrypted at rest): all but the connector's own admin secret. */
export const APP_SECRET_NAMES = SECRET_NAMES.filter((n): n is Exclude<SecretName, "connectorSecret"> => n !== "connectorSecret");
export type AppSecretName = (typeof APP_SECRET_NAMES)[number];
export type AppSecrets = Record<AppSecretName, string>;

export function emptySecrets(): Secrets {
  return Object.fromEntries(SECRET_NAMES.map((n) => [n, ""])) as Secrets;
}

const secretFields = Object.fromEntries(APP_SECRET_NAMES.map((n) => [n, v.optional(v.string())])) as Record<
  AppSecretName,
  v.OptionalSchema<v.StringSchema<undefined>, undefined>
>;

/**
 * PUT …/api/apps/{app}/settings. `settings` is checked by the settings schema (src/shared/settings.ts) with its
 * migrations. kintone's proxy merges the saved proxy data at the top level of the body, so secrets are accepted
 * there as well as under `secrets`; a typed one wins.
 */
export const RegistrationSchema = v.looseObject({
  settings: v.unknown(),
  secrets: v.optional(v.object(secretFields)),
  kintoneBaseUrl: v.pipe(v.string(), v.regex(/^https?:\/\//i, "must be an http(s) URL")),
  ...secretFields,
});
export type Registration = v.InferOutput<typeof RegistrationSchema>;

export const WebhookUrlsSchema = v.object({ callconnect: v.string(), kintone: v.string() });
export type WebhookUrls = v.InferOutput<typeof WebhookUrlsSchema>;
export const RegistrationReplySchema = v.object({ webhooks: WebhookUrlsSchema });

const SyncKindSchema = v.picklist(["initial", "incremental", "reconcile"]);
/** What started a sync: the 今すぐ同期 button (or the CLI) or the schedule. */
export const SyncTriggerSchema = v.picklist(["manual", "scheduled"]);
export type SyncTrigger = v.InferOutput<typeof SyncTriggerSchema>;
export const SyncProgressSchema = v.object({
  kind: SyncKindSchema,
  read: v.number(),
  queued: v.number(),
  trigger: v.optional(SyncTriggerSchema),
});
export type SyncProgress = v.InferOutput<typeof SyncProgressSchema>;
export const SyncSummarySchema = v.object({ ...SyncProgressSchema.entries, kintoneRequests: v.number(), ms: v.number() });
export type SyncSummary = v.InferOutput<typeof SyncSummarySchema>;
export const SyncRunSchema = v.object({ app: v.string(), ...SyncSummarySchema.entries });
export type SyncRun = v.InferOutput<typeof SyncRunSchema>;
export const SyncStartReplySchema = v.object({ started: v.boolean() });

/** GET …/api/apps/{app}/status: reasons come already worded in the language asked for (?lang=). */
export const AppStatusSchema = v.object({
  app: v.string(),
  syncing: v.boolean(),
  progress: v.nullable(SyncProgressSchema),
  lastSyncAt: v.nullable(v.string()),
  lastSync: v.nullable(v.record(v.string(), v.unknown())),
  lastSyncError: v.nullable(v.string()),
  checkpoint: v.nullable(v.string()),
  lastReconcileAt: v.nullable(v.string()),
  pending: v.number(),
  failed: v.number(),
  done: v.number(),
  failures: v.array(v.object({ id: v.number(), kind: v.string(), at: v.nullable(v.string()), reason: v.nullable(v.string()) })),
  /** Customers the last reconciliation did not see and kept: too many to remove without an administrator's word. */
  heldDeletes: v.nullable(v.object({ count: v.number(), at: v.string() })),
  /** Where CallConnect's and kintone's webhooks go, whenever the app is registered. */
  webhooks: v.nullable(WebhookUrlsSchema),
  /** kintone requests the connector made for the app today (UTC day, all instances), and the day's budget. */
  kintoneRequestsToday: v.optional(v.number()),
  kintoneRequestBudget: v.optional(v.number()),
});
export type AppStatus = v.InferOutput<typeof AppStatusSchema>;

/** The first problem of a failed parse as "field: message", for a 400 that names the field. */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return "invalid body";
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}
