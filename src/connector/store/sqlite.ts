// The embedded store: better-sqlite3 tables prefixed conn_, numbered migrations tracked in conn_migrations.
import type { Database } from "better-sqlite3";
import type { SecretBox } from "../crypto";
import { migrate } from "./migrations";
import {
  appsPattern,
  appValues,
  byTenantAndApp,
  dayOf,
  FAIR_SHARE,
  syncValues,
  TENANT_ROWS,
  toApp,
  toSync,
  toTenant,
  toWork,
  type AppDbRow,
  type TenantDbRow,
  type WorkDbRow,
} from "./rows";
import type { AppRegistration, ConnectorStore, WorkKind } from "./types";

export function createSqliteStore(db: Database, box: SecretBox): ConnectorStore {
  migrate(db);
  const apps = new Map<string, { version: number; app: AppRegistration }>();
  const q = {
    putApp: db.prepare(
      `INSERT INTO conn_apps (app_id, settings_json, secrets_sealed, kintone_base_url, webhook_key, created_at, updated_at)
       VALUES (@appId, @settings, @secrets, @base, @key, @now, @now)
       ON CONFLICT (app_id) DO UPDATE SET settings_json = @settings, secrets_sealed = @secrets, kintone_base_url = @base,
         webhook_key = @key, updated_at = @now`,
    ),
    getApp: db.prepare("SELECT * FROM conn_apps WHERE app_id = ?"),
    appVersion: db.prepare("SELECT updated_at FROM conn_apps WHERE app_id = ?"),
    listApps: db.prepare("SELECT * FROM conn_apps WHERE app_id LIKE @pattern"),
    listAppsNot: db.prepare("SELECT * FROM conn_apps WHERE app_id NOT LIKE @pattern"),
    putTenant: db.prepare(
      `INSERT INTO conn_tenants (id, secret_hash, kintone_origin, created_at) VALUES (@id, @secretHash, @kintoneOrigin, @createdAt)
       ON CONFLICT (id) DO UPDATE SET secret_hash = @secretHash, kintone_origin = @kintoneOrigin`,
    ),
    getTenant: db.prepare("SELECT * FROM conn_tenants WHERE id = ?"),
    listTenants: db.prepare("SELECT * FROM conn_tenants ORDER BY id"),
    enqueue: db.prepare(
      `INSERT INTO conn_inbox (app_id, kind, dedupe_key, serial_key, body, next_attempt_at, received_at)
       VALUES (@appId, @kind, @dedupeKey, @serialKey, @body, @now, @now) ON CONFLICT (dedupe_key) DO NOTHING`,
    ),
    // An item waits while an earlier item of its lane (one record, one number) waits for a retry: order is kept.
    // Fair across tenants: every app's first 100 due items come before any app's next 100 (one full batch each),
    // the app waiting longest first, its items together (a claim holds whole batches, not a call of each app).
    due: db.prepare(
      `SELECT * FROM (
         SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.app_id ORDER BY i.id) AS r, MIN(i.id) OVER (PARTITION BY i.app_id) AS oldest
         FROM conn_inbox i
         WHERE i.state = 'pending' AND i.next_attempt_at <= @now AND NOT EXISTS (
           SELECT 1 FROM conn_inbox p WHERE p.serial_key = i.serial_key AND p.state = 'pending' AND p.id < i.id AND p.next_attempt_at > @now))
       ORDER BY (r - 1) / ${FAIR_SHARE}, oldest, id LIMIT @limit`,
    ),
    complete: db.prepare("UPDATE conn_inbox SET state = 'done', finished_at = ?, last_error = NULL, body = '' WHERE id = ?"),
    retry: db.prepare("UPDATE conn_inbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?"),
    fail: db.prepare("UPDATE conn_inbox SET state = 'failed', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?"),
    counts: db.prepare("SELECT state, COUNT(*) AS n FROM conn_inbox WHERE app_id = ? GROUP BY state"),
    retryOne: db.prepare(
      "UPDATE conn_inbox SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE id = ? AND app_id = ? AND state = 'failed'",
    ),
    dismissOne: db.prepare("UPDATE conn_inbox SET state = 'dismissed', finished_at = ? WHERE id = ? AND app_id = ? AND state = 'failed'"),
    requeue: db.prepare(
      "UPDATE conn_inbox SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE app_id = ? AND state = 'failed'",
    ),
    failures: db.prepare(
      "SELECT id, kind, last_error, received_at FROM conn_inbox WHERE app_id = ? AND state = 'failed' ORDER BY id DESC LIMIT ?",
    ),
    nextDue: db.prepare("SELECT MIN(next_attempt_at) AS t FROM conn_inbox WHERE state = 'pending'"),
    getSync: db.prepare("SELECT * FROM conn_sync WHERE app_id = ?"),
    saveSync: db.prepare(
      `INSERT INTO conn_sync (app_id, checkpoint, checkpoint_keys, initial_done_at, last_sync_at, last_sync_json, last_reconcile_at, last_error, held_deletes_json)
       VALUES (@appId, @checkpoint, @keys, @initialDoneAt, @lastSyncAt, @lastSync, @lastReconcileAt, @lastError, @held)
       ON CONFLICT (app_id) DO UPDATE SET checkpoint = @checkpoint, checkpoint_keys = @keys, initial_done_at = @initialDoneAt,
         last_sync_at = @lastSyncAt, last_sync_json = @lastSync, last_reconcile_at = @lastReconcileAt, last_error = @lastError,
         held_deletes_json = @held`,
    ),
    callGet: db.prepare("SELECT history_record_id AS id FROM conn_calls WHERE app_id = ? AND call_id = ?"),
    callPut: db.prepare("INSERT OR REPLACE INTO conn_calls (app_id, call_id, history_record_id) VALUES (?, ?, ?)"),
    custGet: db.prepare("SELECT numbers_json FROM conn_customers WHERE app_id = ? AND record_id = ?"),
    custPut: db.prepare("INSERT OR REPLACE INTO conn_customers (app_id, record_id, numbers_json, synced_at) VALUES (?, ?, ?, ?)"),
    custDel: db.prepare("DELETE FROM conn_customers WHERE app_id = ? AND record_id = ?"),
    custIds: db.prepare("SELECT record_id FROM conn_customers WHERE app_id = ?"),
    numIds: db.prepare("SELECT DISTINCT record_id FROM conn_numbers WHERE app_id = ?"),
    numGet: db.prepare("SELECT record_id, display FROM conn_numbers WHERE app_id = ? AND e164 = ? ORDER BY CAST(record_id AS INTEGER)"),
    numDelRecord: db.prepare("DELETE FROM conn_numbers WHERE app_id = ? AND record_id = ?"),
    numDelApp: db.prepare("DELETE FROM conn_numbers WHERE app_id = ?"),
    numPut: db.prepare("INSERT OR IGNORE INTO conn_numbers (app_id, e164, record_id, display) VALUES (?, ?, ?, ?)"),
    callerGet: db.prepare("SELECT record_id FROM conn_callers WHERE app_id = ? AND e164 = ?"),
    callerPut: db.prepare("INSERT OR IGNORE INTO conn_callers (app_id, e164, record_id) VALUES (?, ?, ?)"),
    leaseTake: db.prepare(
      `INSERT INTO conn_leases (name, holder, until_at) VALUES (?, 'local', @until) ON CONFLICT (name) DO UPDATE SET until_at = @until
       WHERE conn_leases.until_at <= @now`,
    ),
    slotsMake: db.prepare("INSERT OR IGNORE INTO conn_kintone_slots (domain, slot) VALUES (?, ?)"),
    slotTake: db.prepare(
      `UPDATE conn_kintone_slots SET holder = 'local', until_at = @until WHERE domain = @domain AND slot = (
         SELECT slot FROM conn_kintone_slots WHERE domain = @domain AND slot <= @limit AND until_at <= @now ORDER BY slot LIMIT 1)
       RETURNING slot`,
    ),
    slotFree: db.prepare("UPDATE conn_kintone_slots SET holder = NULL, until_at = 0 WHERE domain = ? AND slot = ?"),
    reqCount: db.prepare(
      `INSERT INTO conn_kintone_requests (app_id, day, requests) VALUES (?, ?, @n)
       ON CONFLICT (app_id, day) DO UPDATE SET requests = requests + @n RETURNING requests`,
    ),
    reqGet: db.prepare("SELECT requests FROM conn_kintone_requests WHERE app_id = ? AND day = ?"),
  };

  const madeSlots = new Set<string>();
  const s: SyncStore = {
    putApp(app) {
      const version = (q.appVersion.get(app.key) as { updated_at: number } | undefined)?.updated_at ?? 0;
      q.putApp.run(appValues(box, app, Math.max(Date.now(), version + 1)));
    },
    getApp(appId) {
      // Every webhook needs its app: decrypt and validate once per saved version, not per request.
      const version = (q.appVersion.get(appId) as { updated_at: number } | undefined)?.updated_at;
      if (version === undefined) return null;
      const cached = apps.get(appId);
      if (cached && cached.version === version) return cached.app;
      const r = q.getApp.get(appId) as AppDbRow;
      const app = toApp(box, r);
      apps.set(appId, { version: r.updated_at, app });
      return app;
    },
    listApps(tenant) {
      const { pattern, match } = appsPattern(tenant);
      return ((match ? q.listApps : q.listAppsNot).all({ pattern }) as AppDbRow[]).map((r) => toApp(box, r)).sort(byTenantAndApp);
    },
    putTenant: (t) => void q.putTenant.run(t),
    getTenant: (id) => {
      const r = q.getTenant.get(id) as TenantDbRow | undefined;
      return r ? toTenant(r) : null;
    },
    listTenants: () => (q.listTenants.all() as TenantDbRow[]).map(toTenant),
    removeTenant(id) {
      if (!q.getTenant.get(id)) return false;
      db.transaction(() => {
        for (const sql of TENANT_ROWS) db.prepare(sql.replace("$1", "?")).run(`${id}/%`);
        db.prepare("DELETE FROM conn_tenants WHERE id = ?").run(id);
      })();
      apps.clear();
      return true;
    },
    enqueue(work) {
      const info = q.enqueue.run({
        appId: work.app,
        kind: work.kind,
        dedupeKey: work.dedupeKey,
        serialKey: work.serialKey,
        body: work.body,
        now: Date.now(),
      });
      return { id: Number(info.lastInsertRowid), duplicate: info.changes === 0 };
    },
    due: (now, limit) => (q.due.all({ now, limit }) as WorkDbRow[]).map(toWork),
    complete(ids) {
      const now = Date.now();
      db.transaction(() => ids.forEach((id) => q.complete.run(now, id)))();
    },
    retryLater: (id, at, error) => void q.retry.run(at, error, id),
    fail: (id, error) => void q.fail.run(error, Date.now(), id),
    requeueFailed: (appId) => q.requeue.run(Date.now(), appId).changes,
    retryFailed: (appId, id) => q.retryOne.run(Date.now(), id, appId).changes > 0,
    dismissFailed: (appId, id) => q.dismissOne.run(Date.now(), id, appId).changes > 0,
    counts(appId) {
      const out = { pending: 0, failed: 0, done: 0 };
      for (const r of q.counts.all(appId) as { state: keyof typeof out; n: number }[]) out[r.state] = r.n;
      return out;
    },
    failures: (appId, limit) =>
      (q.failures.all(appId, limit) as { id: number; kind: WorkKind; last_error: string | null; received_at: number }[]).map((r) => ({
        id: r.id,
        kind: r.kind,
        error: r.last_error ?? "",
        receivedAt: r.received_at,
      })),
    nextDueAt: () => (q.nextDue.get() as { t: number | null }).t,
    getSync: (appId) => toSync(appId, q.getSync.get(appId) as Record<string, unknown> | undefined),
    saveSync: (state) => void q.saveSync.run(syncValues(state)),
    historyRecordOf: (appId, callId) => (q.callGet.get(appId, callId) as { id: string } | undefined)?.id ?? null,
    rememberHistoryRecord: (appId, callId, recordId) => void q.callPut.run(appId, callId, recordId),
    syncedCustomer(appId, recordId) {
      const r = q.custGet.get(appId, recordId) as { numbers_json: string } | undefined;
      return r ? (JSON.parse(r.numbers_json) as string[]) : null;
    },
    rememberSyncedCustomer: (appId, recordId, numbers) => void q.custPut.run(appId, recordId, JSON.stringify(numbers), Date.now()),
    forgetSyncedCustomer: (appId, recordId) => void q.custDel.run(appId, recordId),
    syncedCustomerIds: (appId) => (q.custIds.all(appId) as { record_id: string }[]).map((r) => r.record_id),
    indexedRecordIds: (appId) => (q.numIds.all(appId) as { record_id: string }[]).map((r) => r.record_id),
    customersWithNumber: (appId, e164) =>
      (q.numGet.all(appId, e164) as { record_id: string; display: string }[]).map((r) => ({ recordId: r.record_id, text: r.display })),
    setCustomerNumbers(appId, recordId, numbers) {
      db.transaction(() => {
        q.numDelRecord.run(appId, recordId);
        for (const n of numbers) q.numPut.run(appId, n.e164, recordId, n.text);
      })();
    },
    replaceCustomerNumbers(appId, entries) {
      db.transaction(() => {
        q.numDelApp.run(appId);
        for (const e of entries) for (const n of e.numbers) q.numPut.run(appId, n.e164, e.recordId, n.text);
      })();
    },
    createdCaller: (appId, e164) => (q.callerGet.get(appId, e164) as { record_id: string } | undefined)?.record_id ?? null,
    rememberCreatedCaller: (appId, e164, recordId) => void q.callerPut.run(appId, e164, recordId),
    // One process owns the file: nothing is leased, so there is nothing to give back or to extend.
    release: () => undefined,
    renew: () => undefined,
    claimLease: (name, ms) => q.leaseTake.run(name, { until: Date.now() + ms, now: Date.now() }).changes > 0,
    takeSlot(domain, limit, ms) {
      // Every kintone request passes here: a domain's slot rows are made once, not on each request.
      if (!madeSlots.has(`${domain}:${limit}`)) {
        for (let slot = 1; slot <= limit; slot++) q.slotsMake.run(domain, slot);
        madeSlots.add(`${domain}:${limit}`);
      }
      const row = q.slotTake.get({ domain, limit, until: Date.now() + ms, now: Date.now() }) as { slot: number } | undefined;
      return row?.slot ?? null;
    },
    freeSlot: (domain, slot) => void q.slotFree.run(domain, slot),
    countRequests: (appId, n) => (q.reqCount.get(appId, dayOf(Date.now()), { n }) as { requests: number }).requests,
    requestsToday: (appId) => (q.reqGet.get(appId, dayOf(Date.now())) as { requests: number } | undefined)?.requests ?? 0,
    ping: () => void db.prepare("SELECT 1").get(),
    close: () => undefined,
  };
  return asyncStore(db, s);
}

/** The store's methods as better-sqlite3 runs them: synchronously. */
type SyncStore = {
  [K in Exclude<keyof ConnectorStore, "transaction" | "broadcast" | "listen">]: (
    ...args: Parameters<ConnectorStore[K]>
  ) => Awaited<ReturnType<ConnectorStore[K]>>;
};

/**
 * The interface's promises over the synchronous calls. A transaction spans awaits here, so while one is open
 * every other caller waits for it: nothing from outside is committed, or rolled back, with it.
 */
function asyncStore(db: Database, s: SyncStore): ConnectorStore {
  let open: Promise<unknown> | null = null;
  const outside = {} as ConnectorStore;
  const inside = {} as ConnectorStore;
  for (const name of Object.keys(s) as (keyof SyncStore)[]) {
    const call = s[name] as (...args: unknown[]) => unknown;
    (inside as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => Promise.resolve().then(() => call(...args));
    (outside as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      while (open) await open.catch(() => undefined);
      return call(...args);
    };
  }
  inside.transaction = (fn) => fn(inside);
  outside.transaction = async <T>(fn: (tx: ConnectorStore) => Promise<T>): Promise<T> => {
    while (open) await open.catch(() => undefined);
    const run = (async () => {
      db.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn(inside);
        db.exec("COMMIT");
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    })();
    open = run;
    try {
      return await run;
    } finally {
      open = null;
    }
  };
  return outside;
}
