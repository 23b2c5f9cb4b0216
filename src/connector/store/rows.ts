// Rows ⇄ values, the same for both stores: registrations (secrets sealed), work items and sync state.
import { loadSettings, storeSettings, CONFIG_KEY } from "../../shared/settings";
import type { SecretBox } from "../crypto";
import { splitAppKey, type AppKey, type Tenant } from "../tenants";
import type { AppRegistration, AppSecrets, HeldDeletes, SyncState, WorkItem, WorkKind } from "./types";

export interface AppDbRow {
  app_id: string;
  updated_at: number;
  settings_json: string;
  secrets_sealed: string;
  kintone_base_url: string;
  webhook_key: string;
}

export interface WorkDbRow {
  id: number;
  app_id: string;
  kind: WorkKind;
  dedupe_key: string;
  serial_key: string;
  body: string;
  attempts: number;
  received_at: number;
}

export function toApp(box: SecretBox, r: AppDbRow): AppRegistration {
  const loaded = loadSettings({ [CONFIG_KEY]: r.settings_json });
  if (loaded.kind !== "ok") throw new Error(`Stored settings of app ${r.app_id} are unreadable`);
  const key = r.app_id as AppKey;
  return {
    key,
    ...splitAppKey(key),
    settings: loaded.settings,
    secrets: JSON.parse(box.open(r.secrets_sealed)) as AppSecrets,
    kintoneBaseUrl: r.kintone_base_url,
    webhookKey: box.open(r.webhook_key),
  };
}

/** What an app's row stores; `now` is its version (strictly increasing, so a cached copy knows it is stale). */
export function appValues(box: SecretBox, app: AppRegistration, now: number) {
  return {
    appId: app.key,
    settings: storeSettings(app.settings)[CONFIG_KEY],
    secrets: box.seal(JSON.stringify(app.secrets)),
    base: app.kintoneBaseUrl,
    key: box.seal(app.webhookKey),
    now,
  };
}

export const toWork = (r: WorkDbRow): WorkItem => ({
  id: Number(r.id),
  app: r.app_id as AppKey,
  kind: r.kind,
  dedupeKey: r.dedupe_key,
  serialKey: r.serial_key,
  body: r.body,
  attempts: r.attempts,
  receivedAt: Number(r.received_at),
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toSync(app: AppKey, r: Record<string, unknown> | undefined): SyncState {
  if (!r)
    return {
      app,
      checkpoint: null,
      checkpointKeys: [],
      initialDoneAt: null,
      lastSyncAt: null,
      lastSync: null,
      lastReconcileAt: null,
      lastError: null,
      heldDeletes: null,
    };
  return {
    app,
    checkpoint: (r.checkpoint as string | null) ?? null,
    checkpointKeys: JSON.parse(String(r.checkpoint_keys ?? "[]")) as string[],
    initialDoneAt: num(r.initial_done_at),
    lastSyncAt: num(r.last_sync_at),
    lastSync: r.last_sync_json ? (JSON.parse(String(r.last_sync_json)) as Record<string, unknown>) : null,
    lastReconcileAt: num(r.last_reconcile_at),
    lastError: (r.last_error as string | null) ?? null,
    heldDeletes: r.held_deletes_json ? (JSON.parse(String(r.held_deletes_json)) as HeldDeletes) : null,
  };
}

export const syncValues = (s: SyncState) => ({
  appId: s.app,
  checkpoint: s.checkpoint,
  keys: JSON.stringify(s.checkpointKeys),
  initialDoneAt: s.initialDoneAt,
  lastSyncAt: s.lastSyncAt,
  lastSync: s.lastSync ? JSON.stringify(s.lastSync) : null,
  lastReconcileAt: s.lastReconcileAt,
  lastError: s.lastError,
  held: s.heldDeletes ? JSON.stringify(s.heldDeletes) : null,
});

/**
 * Which rows listApps reads, as a LIKE pattern on the key and whether it must match: one tenant's (`acme/%`), the
 * connector's own (keys without a slash), or all. Only those rows' secrets are decrypted.
 */
export function appsPattern(tenant: string | undefined): { pattern: string; match: boolean } {
  if (tenant === undefined) return { pattern: "", match: false }; // NOT LIKE '': every key
  return tenant ? { pattern: `${tenant}/%`, match: true } : { pattern: "%/%", match: false };
}

/** listApps' order: the connector's own apps first, then each tenant's by id, each by kintone's app id. */
export const byTenantAndApp = (a: AppRegistration, b: AppRegistration): number =>
  a.tenant === b.tenant ? Number(a.appId) - Number(b.appId) : a.tenant < b.tenant ? -1 : 1;

export interface TenantDbRow {
  id: string;
  secret_hash: string;
  kintone_origin: string | null;
  created_at: number;
}

export const toTenant = (r: TenantDbRow): Tenant => ({
  id: r.id,
  secretHash: r.secret_hash,
  kintoneOrigin: r.kintone_origin,
  createdAt: Number(r.created_at),
});

/**
 * What removing a tenant deletes besides its row: every row of its apps (keys `{tenant}/…`) in every table.
 * Tenant ids hold no LIKE wildcard (TENANT_ID), so the pattern matches that tenant's keys only.
 */
export const TENANT_ROWS = [
  "DELETE FROM conn_inbox WHERE app_id LIKE $1",
  "DELETE FROM conn_sync WHERE app_id LIKE $1",
  "DELETE FROM conn_calls WHERE app_id LIKE $1",
  "DELETE FROM conn_customers WHERE app_id LIKE $1",
  "DELETE FROM conn_callers WHERE app_id LIKE $1",
  "DELETE FROM conn_numbers WHERE app_id LIKE $1",
  "DELETE FROM conn_kintone_requests WHERE app_id LIKE $1",
  "DELETE FROM conn_leases WHERE name LIKE 'sync:' || CAST($1 AS TEXT)",
  "DELETE FROM conn_apps WHERE app_id LIKE $1",
] as const;

/** The UTC day kintone's daily request limit is counted in (an approximation: kintone does not publish its reset hour). */
export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Due items each app gets before any app gets more: one full call batch, so no tenant's burst starves the others. */
export const FAIR_SHARE = 100;
