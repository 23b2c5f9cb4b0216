// The connector's state behind one interface: the embedded SQLite store implements it today; a Postgres
// table set or a managed queue could tomorrow (docs/connector.md).
import type { Settings } from "../../shared/settings";

import type { AppSecrets } from "../../shared/contract/connector";

export type { AppSecrets };

export interface AppRegistration {
  appId: string;
  settings: Settings;
  secrets: AppSecrets;
  kintoneBaseUrl: string;
  /** Per-app secret carried as ?key= by both webhook URLs. */
  webhookKey: string;
}

export type WorkKind = "call" | "customer_upsert" | "customer_delete";

export interface NewWork {
  appId: string;
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
  appId: string;
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
  putApp(app: AppRegistration): void;
  getApp(appId: string): AppRegistration | null;
  listApps(): AppRegistration[];

  /** Stores a delivery durably; `duplicate` when its dedupe key was seen before (nothing stored). */
  enqueue(work: NewWork): { id: number; duplicate: boolean };
  due(now: number, limit: number): WorkItem[];
  complete(ids: number[]): void;
  retryLater(id: number, at: number, error: string): void;
  fail(id: number, error: string): void;
  /** Stopped work goes back in line (after the admin fixed a token or a field): returns how many. */
  requeueFailed(appId: string): number;
  /** One stopped item back in line, or set aside for good by an administrator; false when it is not a failed item of the app. */
  retryFailed(appId: string, id: number): boolean;
  dismissFailed(appId: string, id: number): boolean;
  counts(appId: string): WorkCounts;
  failures(appId: string, limit: number): { id: number; kind: WorkKind; error: string; receivedAt: number }[];
  nextDueAt(): number | null;

  getSync(appId: string): SyncState;
  saveSync(state: SyncState): void;

  historyRecordOf(appId: string, callId: string): string | null;
  rememberHistoryRecord(appId: string, callId: string, recordId: string): void;

  syncedCustomer(appId: string, recordId: string): string[] | null;
  rememberSyncedCustomer(appId: string, recordId: string, numbers: string[]): void;
  forgetSyncedCustomer(appId: string, recordId: string): void;
  syncedCustomerIds(appId: string): string[];
  /** Record ids the number index holds numbers of. */
  indexedRecordIds(appId: string): string[];

  /** Customer record ids whose phone fields hold this number (kept from syncs, webhooks and reconciliation). */
  customersWithNumber(appId: string, e164: string): NumberEntry[];
  setCustomerNumbers(appId: string, recordId: string, numbers: NumberText[]): void;
  /** Replaces the whole index of an app (after a full read). */
  replaceCustomerNumbers(appId: string, entries: { recordId: string; numbers: NumberText[] }[]): void;

  createdCaller(appId: string, e164: string): string | null;
  rememberCreatedCaller(appId: string, e164: string, recordId: string): void;

  transaction<T>(fn: () => T): T;
}
