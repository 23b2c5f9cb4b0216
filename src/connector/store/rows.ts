// Rows ⇄ values, the same for both stores: registrations (secrets sealed), work items and sync state.
import { loadSettings, storeSettings, CONFIG_KEY } from "../../shared/settings";
import type { SecretBox } from "../crypto";
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
  return {
    appId: r.app_id,
    settings: loaded.settings,
    secrets: JSON.parse(box.open(r.secrets_sealed)) as AppSecrets,
    kintoneBaseUrl: r.kintone_base_url,
    webhookKey: box.open(r.webhook_key),
  };
}

/** What an app's row stores; `now` is its version (strictly increasing, so a cached copy knows it is stale). */
export function appValues(box: SecretBox, app: AppRegistration, now: number) {
  return {
    appId: app.appId,
    settings: storeSettings(app.settings)[CONFIG_KEY],
    secrets: box.seal(JSON.stringify(app.secrets)),
    base: app.kintoneBaseUrl,
    key: box.seal(app.webhookKey),
    now,
  };
}

export const toWork = (r: WorkDbRow): WorkItem => ({
  id: Number(r.id),
  appId: r.app_id,
  kind: r.kind,
  dedupeKey: r.dedupe_key,
  serialKey: r.serial_key,
  body: r.body,
  attempts: r.attempts,
  receivedAt: Number(r.received_at),
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toSync(appId: string, r: Record<string, unknown> | undefined): SyncState {
  if (!r)
    return {
      appId,
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
    appId,
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
  appId: s.appId,
  checkpoint: s.checkpoint,
  keys: JSON.stringify(s.checkpointKeys),
  initialDoneAt: s.initialDoneAt,
  lastSyncAt: s.lastSyncAt,
  lastSync: s.lastSync ? JSON.stringify(s.lastSync) : null,
  lastReconcileAt: s.lastReconcileAt,
  lastError: s.lastError,
  held: s.heldDeletes ? JSON.stringify(s.heldDeletes) : null,
});

/** The UTC day kintone's daily request limit is counted in (an approximation: kintone does not publish its reset hour). */
export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Due items each app gets before any app gets more: one full call batch, so no tenant's burst starves the others. */
export const FAIR_SHARE = 100;
