// The connector's state behind one interface: the embedded SQLite store (one instance) and PostgreSQL (several
// instances sharing the work, with leases) implement it (docs/connector.md).
import type { Settings } from "../../shared/settings";

import type { AppSecrets } from "../../shared/contract/connector";
import type { AppKey, Tenant } from "../tenants";

export type { AppSecrets };

export interface AppRegistration {
  /** The store's name of the app (kintone's app id, after the tenant's id for a tenant's app). */
  key: AppKey;
  /** "" for the connector's own apps. */
  tenant: string;
  /** kintone's app id, as kintone's API takes it. */
  appId: string;
  settings: Settings;
  secrets: AppSecrets;
  kintoneBaseUrl: string;
  /** Per-app secret carried as ?key= by both webhook URLs. */
  webhookKey: string;
}

export type WorkKind = "call" | "customer_upsert" | "customer_delete";

export interface NewWork {
  app: AppKey;
  kind: WorkKind;
  /** A replay with the same key is stored once. */
  dedupeKey: string;
  /** Items sharing it never run at the same time (one phone number, one kintone record). */
  serialKey: string;
  body: string;
}

export interface WorkItem extends NewWork {
  id: number;
  attempts: number;
  receivedAt: number;
}

/** A number found in a customer record, with the text of the phone field that holds it. */
export interface NumberText {
  e164: string;
  text: string;
}

export interface NumberEntry {
  recordId: string;
  text: string;
}

export interface SyncState {
  app: AppKey;
  /** UPDATED_TIME of the newest record synced, kintone's UTC form. */
  checkpoint: string | null;
  /** "id:revision" of the records synced at the checkpoint's second: not sent again. */
  checkpointKeys: string[];
  initialDoneAt: number | null;
  lastSyncAt: number | null;
  lastSync: Record<string, unknown> | null;
  lastReconcileAt: number | null;
  lastError: string | null;
  /** Customers the last reconciliation did not see and did not remove: too many to be ordinary deletes. */
  heldDeletes: HeldDeletes | null;
}

export interface HeldDeletes {
  /** Record ids not seen in kintone's answers; each is checked one by one before anything is removed. */
  recordIds: string[];
  at: number;
}

export interface WorkCounts {
  pending: number;
  failed: number;
  done: number;
}

export interface ConnectorStore {
  putApp(app: AppRegistration): Promise<void>;
  getApp(app: AppKey): Promise<AppRegistration | null>;
  /** Every registered app, or one tenant's ("" for the connector's own). */
  listApps(tenant?: string): Promise<AppRegistration[]>;

  putTenant(tenant: Tenant): Promise<void>;
  getTenant(id: string): Promise<Tenant | null>;
  listTenants(): Promise<Tenant[]>;
  /** The tenant and everything of its apps (registrations, work, state); false when there was no such tenant. */
  removeTenant(id: string): Promise<boolean>;

  /** Stores a delivery durably; `duplicate` when its dedupe key was seen before (nothing stored). */
  enqueue(work: NewWork): Promise<{ id: number; duplicate: boolean }>;
  due(now: number, limit: number): Promise<WorkItem[]>;
  complete(ids: number[]): Promise<void>;
  retryLater(id: number, at: number, error: string): Promise<void>;
  fail(id: number, error: string): Promise<void>;
  /** Stopped work goes back in line (after the admin fixed a token or a field): returns how many. */
  requeueFailed(app: AppKey): Promise<number>;
  /** One stopped item back in line, or set aside for good by an administrator; false when it is not a failed item of the app. */
  retryFailed(app: AppKey, id: number): Promise<boolean>;
  dismissFailed(app: AppKey, id: number): Promise<boolean>;
  counts(app: AppKey): Promise<WorkCounts>;
  failures(app: AppKey, limit: number): Promise<{ id: number; kind: WorkKind; error: string; receivedAt: number }[]>;
  nextDueAt(): Promise<number | null>;

  getSync(app: AppKey): Promise<SyncState>;
  saveSync(state: SyncState): Promise<void>;

  historyRecordOf(app: AppKey, callId: string): Promise<string | null>;
  rememberHistoryRecord(app: AppKey, callId: string, recordId: string): Promise<void>;

  syncedCustomer(app: AppKey, recordId: string): Promise<string[] | null>;
  rememberSyncedCustomer(app: AppKey, recordId: string, numbers: string[]): Promise<void>;
  forgetSyncedCustomer(app: AppKey, recordId: string): Promise<void>;
  syncedCustomerIds(app: AppKey): Promise<string[]>;
  /** Record ids the number index holds numbers of. */
  indexedRecordIds(app: AppKey): Promise<string[]>;

  /** Customer record ids whose phone fields hold this number (kept from syncs, webhooks and reconciliation). */
  customersWithNumber(app: AppKey, e164: string): Promise<NumberEntry[]>;
  setCustomerNumbers(app: AppKey, recordId: string, numbers: NumberText[]): Promise<void>;
  /** Replaces the whole index of an app (after a full read). */
  replaceCustomerNumbers(app: AppKey, entries: { recordId: string; numbers: NumberText[] }[]): Promise<void>;

  createdCaller(app: AppKey, e164: string): Promise<string | null>;
  rememberCreatedCaller(app: AppKey, e164: string, recordId: string): Promise<void>;

  /** Items due() handed out that this instance did not start or did not finish: back in line at once. */
  release(ids: number[]): Promise<void>;
  /** This instance still works on them: their leases run on (an instance that dies stops renewing). */
  renew(ids: number[]): Promise<void>;
  /** A named lease held for `ms` (one app's scheduled sync, say): true when this instance took it. */
  claimLease(name: string, ms: number): Promise<boolean>;
  /** One of `limit` request slots of a kintone domain, held until freed or `ms` pass; null while all are taken. */
  takeSlot(domain: string, limit: number, ms: number): Promise<number | null>;
  freeSlot(domain: string, slot: number): Promise<void>;
  /** Adds `n` kintone requests to the app's count of today (UTC day) and returns the new count. */
  countRequests(app: AppKey, n: number): Promise<number>;
  requestsToday(app: AppKey): Promise<number>;
  /** Resolves when the database answers (readiness). */
  ping(): Promise<void>;
  /** Lets go of the connections the store opened itself (none for SQLite: its host owns the file). */
  close(): Promise<void>;

  /**
   * Several instances (PostgreSQL): a short message to every instance's listeners, this one's included (NOTIFY). Absent
   * on a store only one instance uses: its messages have nowhere else to go.
   */
  broadcast?(message: string): Promise<void>;
  /** Hears what any instance broadcast, until the returned function stops it. */
  listen?(onMessage: (message: string) => void): Promise<() => Promise<void>>;

  /** Runs fn atomically; fn uses the store it is given (in PostgreSQL, one connection in one transaction). */
  transaction<T>(fn: (tx: ConnectorStore) => Promise<T>): Promise<T>;
}
