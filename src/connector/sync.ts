// Customer sync, kintone → CallConnect: the first import, the hourly checkpoint sync and the reconciliation of
// deletes. Each only reads kintone and queues customer work durably; the worker sends it.
import type { Logger } from "pino";
import { numbersOf, type KintoneRecord } from "../callconnect/customer";
import { toKintoneDateTime } from "../core/call-history";
import { advance, incrementalQuery, initialQuery, isFresh, INITIAL_CAP, INITIAL_WINDOW_MS, type Checkpoint, type PageEnd, type SeenRecord } from "./checkpoint";
import { kintoneFailure } from "./errors";
import { numberTexts } from "./numbers";
import type { KintoneAccess } from "./kintone";
import type { AppRegistration, ConnectorStore } from "./store/types";

export interface SyncDeps {
  store: ConnectorStore;
  log: Logger;
  access: KintoneAccess;
  reg: AppRegistration;
  now?: () => Date;
  initialCap?: number;
  /** Called after every page, for `status` while a long sync runs. */
  onProgress?(p: SyncProgress): void;
}

export interface SyncProgress {
  kind: "initial" | "incremental" | "reconcile";
  read: number;
  queued: number;
}

export interface SyncSummary {
  kind: "initial" | "incremental" | "reconcile";
  read: number;
  queued: number;
  kintoneRequests: number;
  ms: number;
}

const PAGE = 500;

type Row = Record<string, { type?: string; value?: unknown } | undefined>;

function seen(r: Row, updatedField: string): SeenRecord {
  return { id: String(r.$id?.value ?? ""), revision: String(r.$revision?.value ?? ""), updated: String(r[updatedField]?.value ?? "") };
}

function queue(deps: SyncDeps, r: Row, tag: string): boolean {
  const id = String(r.$id?.value ?? "");
  const rev = String(r.$revision?.value ?? "");
  const out = deps.store.enqueue({
    appId: deps.reg.appId,
    kind: "customer_upsert",
    dedupeKey: `cust:${deps.reg.appId}:${id}:${rev}${tag}`,
    serialKey: `rec:${deps.reg.appId}:${id}`,
    body: JSON.stringify({ recordId: id, record: r }),
  });
  return !out.duplicate;
}

async function page(deps: SyncDeps, query: string): Promise<Row[]> {
  const { access, reg } = deps;
  const { records } = await access.customers.record.getRecords({ app: reg.appId, query }).catch((err: unknown) => {
    throw kintoneFailure(err, { app: reg.appId, step: "read customers", permission: "view" });
  });
  return records as Row[];
}

export async function initialImport(deps: SyncDeps, redo: boolean): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { updatedTime } = await deps.access.form(deps.reg.appId);
  const clock = deps.now?.() ?? new Date();
  const since = toKintoneDateTime(new Date(clock.getTime() - INITIAL_WINDOW_MS).toISOString());
  const cap = deps.initialCap ?? INITIAL_CAP;
  const phoneFields = deps.reg.settings.customer.phoneFields;
  const tag = redo ? `:initial-${started}` : "";
  const taken: Row[] = [];
  let read = 0;
  let queued = 0;
  let after: PageEnd | null = null;
  while (taken.length < cap) {
    const rows = await page(deps, initialQuery(updatedTime, phoneFields, since, after));
    read += rows.length;
    const now: Row[] = [];
    for (const r of rows) {
      if (taken.length + now.length >= cap) break;
      // The query only says the field is not empty; a number must actually be in it.
      if (numbersOf(r as KintoneRecord, phoneFields).length > 0) now.push(r);
    }
    taken.push(...now);
    deps.store.transaction(() => now.forEach((r) => queue(deps, r, tag) && queued++));
    deps.log.info({ app: deps.reg.appId, read, queued }, "initial import: progress");
    deps.onProgress?.({ kind: "initial", read, queued });
    if (rows.length < PAGE) break;
    const last = seen(rows[rows.length - 1]!, updatedTime);
    after = { updated: last.updated, id: last.id };
  }
  const cp = advance({ at: null, keys: [] }, taken.map((r) => seen(r, updatedTime)));
  const state = deps.store.getSync(deps.reg.appId);
  const summary: SyncSummary = { kind: "initial", read, queued, kintoneRequests: deps.access.requests.count - before, ms: Date.now() - started };
  deps.store.saveSync({
    ...state,
    checkpoint: cp.at ?? toKintoneDateTime(clock.toISOString()),
    checkpointKeys: cp.keys,
    initialDoneAt: Date.now(),
    lastSyncAt: Date.now(),
    lastSync: { ...summary },
    lastError: null,
  });
  deps.log.info({ app: deps.reg.appId, ...summary }, "initial import done");
  return summary;
}

export async function incrementalSync(deps: SyncDeps): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { updatedTime } = await deps.access.form(deps.reg.appId);
  const state = deps.store.getSync(deps.reg.appId);
  const start: Checkpoint = { at: state.checkpoint, keys: state.checkpointKeys };
  let cp = start;
  let read = 0;
  let queued = 0;
  let after: PageEnd | null = null;
  for (;;) {
    const rows = await page(deps, incrementalQuery(updatedTime, start, after));
    read += rows.length;
    const fresh = rows.filter((r) => isFresh(seen(r, updatedTime), start));
    deps.store.transaction(() => fresh.forEach((r) => queue(deps, r, "") && queued++));
    cp = advance(cp, fresh.map((r) => seen(r, updatedTime)));
    deps.onProgress?.({ kind: "incremental", read, queued });
    if (rows.length < PAGE) break;
    const last = seen(rows[rows.length - 1]!, updatedTime);
    after = { updated: last.updated, id: last.id };
    deps.log.info({ app: deps.reg.appId, read, queued }, "sync: progress");
  }
  const summary: SyncSummary = { kind: "incremental", read, queued, kintoneRequests: deps.access.requests.count - before, ms: Date.now() - started };
  deps.store.saveSync({ ...state, checkpoint: cp.at, checkpointKeys: cp.keys, lastSyncAt: Date.now(), lastSync: { ...summary }, lastError: null });
  deps.log.info({ app: deps.reg.appId, ...summary }, "sync done");
  return summary;
}

/** Every record's id and phone fields by the seek method ($id > last, 500 at a time); the first page's total
 * count says when to stop, so no empty page is read at the end. */
async function readAllIds(deps: SyncDeps): Promise<Row[]> {
  const { reg, access } = deps;
  const fields = ["$id", ...reg.settings.customer.phoneFields];
  const rows: Row[] = [];
  let total = Infinity;
  let last = "0";
  while (rows.length < total) {
    const page = await access.customers.record
      .getRecords({ app: reg.appId, fields, query: `$id > ${last} order by $id asc limit ${PAGE}`, totalCount: total === Infinity })
      .catch((err: unknown) => {
        throw kintoneFailure(err, { app: reg.appId, step: "reconcile deletes", permission: "view" });
      });
    if (page.totalCount !== null && page.totalCount !== undefined) total = Number(page.totalCount);
    rows.push(...(page.records as Row[]));
    if (page.records.length < PAGE) break;
    last = String(page.records[page.records.length - 1]!.$id?.value ?? last);
  }
  return rows;
}

/**
 * Deletes missed by the webhook: every synced customer whose record no longer exists is removed. The same
 * full read (ids and phone fields only) rebuilds the number index callers are matched against.
 */
export async function reconcile(deps: SyncDeps): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { reg, store } = deps;
  const rows = await readAllIds(deps);
  const alive = new Set(rows.map((r) => String(r.$id?.value ?? "")));
  const phoneFields = reg.settings.customer.phoneFields;
  store.replaceCustomerNumbers(
    reg.appId,
    rows.map((r) => ({ recordId: String(r.$id?.value ?? ""), numbers: numberTexts(r as KintoneRecord, phoneFields) })),
  );
  let queued = 0;
  store.transaction(() => {
    for (const id of store.syncedCustomerIds(reg.appId)) {
      if (alive.has(id)) continue;
      const out = store.enqueue({ appId: reg.appId, kind: "customer_delete", dedupeKey: `del:${reg.appId}:${id}:${started}`, serialKey: `rec:${reg.appId}:${id}`, body: JSON.stringify({ recordId: id }) });
      if (!out.duplicate) queued++;
    }
  });
  const summary: SyncSummary = { kind: "reconcile", read: rows.length, queued, kintoneRequests: deps.access.requests.count - before, ms: Date.now() - started };
  store.saveSync({ ...store.getSync(reg.appId), lastReconcileAt: Date.now() });
  deps.log.info({ app: reg.appId, ...summary }, "reconcile done");
  return summary;
}
