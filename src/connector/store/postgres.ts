// The store on PostgreSQL, for several connector instances sharing one database. Work is claimed with a lease
// (leased_until, leased_by): due() takes items no live lease holds, skipping rows another instance is writing
// (SKIP LOCKED) and items whose lane (serial key) has an earlier item leased or waiting for a retry, so one record's
// or one number's work never runs in two places at once. An instance that dies stops renewing; its leases run out
// and another instance takes the items.
import pg from "pg";
import type { SecretBox } from "../crypto";
import { migratePostgres } from "./migrations";
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
import type { AppKey } from "../tenants";
import type { AppRegistration, ConnectorStore, NumberText, WorkKind } from "./types";

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  box: SecretBox;
  /** Who holds the leases this instance takes (host:pid:random by default). */
  holder: string;
  /** How long a claimed item stays this instance's without being renewed (default 30 s). */
  leaseMs?: number;
  /** Connections of this instance (default 10). */
  poolSize?: number;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

// BIGINT (milliseconds, ids) and COUNT(*) as numbers: they stay far below 2^53.
const INT8 = 20;
const textParser = (oid: number) => pg.types.getTypeParser(oid, "text") as (v: string) => unknown;
const types = {
  getTypeParser: ((oid: number) => (oid === INT8 ? (v: string) => Number(v) : textParser(oid))) as typeof pg.types.getTypeParser,
};

/** Every instance's due() waits for the one before it, so no two claim items of one lane from the same snapshot. */
const CLAIM_LOCK = "hashtext('conn_inbox_claim')";
/** Screen pop's events between instances (src/connector/live/relay.ts). */
const LIVE_CHANNEL = "conn_live";

export function createPostgresStore(options: PostgresStoreOptions): ConnectorStore {
  const { box, holder } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types });
  // An idle connection the server dropped must not bring the process down: the next query reconnects.
  pool.on("error", () => undefined);
  // Migrated on first use; a database that is not there yet is tried again on the next call.
  let migrated: Promise<void> | null = null;
  const ready = () =>
    (migrated ??= pool
      .connect()
      .then(async (client) => {
        try {
          await migratePostgres(client);
        } finally {
          client.release();
        }
      })
      .catch((err: unknown) => {
        migrated = null;
        throw err;
      }));
  const apps = new Map<string, { version: number; app: AppRegistration }>();
  const madeSlots = new Set<string>();
  let ended: Promise<void> | null = null;

  function on(db: Queryable, inTx: boolean): ConnectorStore {
    const rows = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> => {
      await ready();
      return (await db.query<R>(sql, params)).rows;
    };
    const count = async (sql: string, params: unknown[]) => {
      await ready();
      return (await db.query(sql, params)).rowCount ?? 0;
    };
    const store: ConnectorStore = {
      async putApp(app) {
        const [prev] = await rows<{ updated_at: number }>("SELECT updated_at FROM conn_apps WHERE app_id = $1", [app.key]);
        const v = appValues(box, app, Math.max(Date.now(), (prev?.updated_at ?? 0) + 1));
        await rows(
          `INSERT INTO conn_apps (app_id, settings_json, secrets_sealed, kintone_base_url, webhook_key, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (app_id) DO UPDATE SET settings_json = $2, secrets_sealed = $3, kintone_base_url = $4, webhook_key = $5,
             updated_at = GREATEST($6, conn_apps.updated_at + 1)`,
          [v.appId, v.settings, v.secrets, v.base, v.key, v.now],
        );
      },
      async getApp(appId) {
        // Every webhook needs its app: decrypt and validate once per saved version, not per request.
        const [r] = await rows<{ updated_at: number }>("SELECT updated_at FROM conn_apps WHERE app_id = $1", [appId]);
        if (!r) return null;
        const cached = apps.get(appId);
        if (cached && cached.version === r.updated_at) return cached.app;
        const [row] = await rows<AppDbRow>("SELECT * FROM conn_apps WHERE app_id = $1", [appId]);
        if (!row) return null;
        const app = toApp(box, row);
        apps.set(appId, { version: row.updated_at, app });
        return app;
      },
      async listApps(tenant) {
        const { pattern, match } = appsPattern(tenant);
        const found = await rows<AppDbRow>(`SELECT * FROM conn_apps WHERE app_id ${match ? "LIKE" : "NOT LIKE"} $1`, [pattern]);
        return found.map((r) => toApp(box, r)).sort(byTenantAndApp);
      },
      putTenant: async (t) =>
        void (await rows(
          `INSERT INTO conn_tenants (id, secret_hash, kintone_origin, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET secret_hash = $2, kintone_origin = $3`,
          [t.id, t.secretHash, t.kintoneOrigin, t.createdAt],
        )),
      getTenant: async (id) => {
        const [r] = await rows<TenantDbRow>("SELECT * FROM conn_tenants WHERE id = $1", [id]);
        return r ? toTenant(r) : null;
      },
      listTenants: async () => (await rows<TenantDbRow>("SELECT * FROM conn_tenants ORDER BY id")).map(toTenant),
      removeTenant: (id) =>
        store.transaction(async (tx) => {
          if (!(await tx.getTenant(id))) return false;
          for (const sql of TENANT_ROWS) await (tx as Internal).exec(sql, [`${id}/%`]);
          await (tx as Internal).exec("DELETE FROM conn_tenants WHERE id = $1", [id]);
          apps.clear();
          return true;
        }),
      async enqueue(work) {
        const now = Date.now();
        const [r] = await rows<{ id: number }>(
          `INSERT INTO conn_inbox (app_id, kind, dedupe_key, serial_key, body, next_attempt_at, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
          [work.app, work.kind, work.dedupeKey, work.serialKey, work.body, now],
        );
        if (r) return { id: r.id, duplicate: false };
        const [seen] = await rows<{ id: number }>("SELECT id FROM conn_inbox WHERE dedupe_key = $1", [work.dedupeKey]);
        return { id: seen?.id ?? 0, duplicate: true };
      },
      async due(now, limit) {
        // Fair across tenants: every app's first 100 due items come before any app's next 100 (one full batch each),
        // the app waiting longest first, its items together (a claim holds whole batches, not a call of each app).
        const claim = `WITH ranked AS (
            SELECT i.id, ROW_NUMBER() OVER (PARTITION BY i.app_id ORDER BY i.id) AS r, MIN(i.id) OVER (PARTITION BY i.app_id) AS oldest
            FROM conn_inbox i
            WHERE i.state = 'pending' AND i.next_attempt_at <= $1 AND (i.leased_until IS NULL OR i.leased_until < $1)
              AND NOT EXISTS (
                SELECT 1 FROM conn_inbox p WHERE p.serial_key = i.serial_key AND p.state = 'pending' AND p.id < i.id
                  AND (p.next_attempt_at > $1 OR p.leased_until >= $1))),
          picked AS (SELECT id FROM ranked ORDER BY (r - 1) / ${FAIR_SHARE}, oldest, id LIMIT $2),
          claimed AS (SELECT w.id FROM conn_inbox w JOIN picked USING (id) FOR UPDATE OF w SKIP LOCKED)
          UPDATE conn_inbox w SET leased_until = $3, leased_by = $4 FROM claimed WHERE w.id = claimed.id RETURNING w.*`;
        const args = [now, limit, Date.now() + leaseMs, holder];
        const claimIn = async (tx: Queryable) => {
          await tx.query(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
          return (await tx.query<WorkDbRow>(claim, args)).rows;
        };
        await ready();
        let found: WorkDbRow[];
        if (inTx) found = await claimIn(db);
        else {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            found = await claimIn(client);
            await client.query("COMMIT");
          } catch (err) {
            await client.query("ROLLBACK").catch(() => undefined);
            throw err;
          } finally {
            client.release();
          }
        }
        return found.map(toWork).sort((a, b) => a.id - b.id);
      },
      async complete(ids) {
        if (ids.length === 0) return;
        await rows(
          `UPDATE conn_inbox SET state = 'done', finished_at = $2, last_error = NULL, body = '', leased_until = NULL, leased_by = NULL
           WHERE id = ANY($1)`,
          [ids, Date.now()],
        );
      },
      retryLater: async (id, at, error) =>
        void (await rows(
          `UPDATE conn_inbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, leased_until = NULL, leased_by = NULL
           WHERE id = $1`,
          [id, at, error],
        )),
      fail: async (id, error) =>
        void (await rows(
          `UPDATE conn_inbox SET state = 'failed', attempts = attempts + 1, last_error = $2, finished_at = $3, leased_until = NULL,
             leased_by = NULL WHERE id = $1`,
          [id, error, Date.now()],
        )),
      requeueFailed: (appId) =>
        count(
          `UPDATE conn_inbox SET state = 'pending', attempts = 0, next_attempt_at = $2, finished_at = NULL
           WHERE app_id = $1 AND state = 'failed'`,
          [appId, Date.now()],
        ),
      retryFailed: async (appId, id) =>
        (await count(
          `UPDATE conn_inbox SET state = 'pending', attempts = 0, next_attempt_at = $3, finished_at = NULL
           WHERE id = $1 AND app_id = $2 AND state = 'failed'`,
          [id, appId, Date.now()],
        )) > 0,
      dismissFailed: async (appId, id) =>
        (await count("UPDATE conn_inbox SET state = 'dismissed', finished_at = $3 WHERE id = $1 AND app_id = $2 AND state = 'failed'", [
          id,
          appId,
          Date.now(),
        ])) > 0,
      async counts(appId) {
        const out = { pending: 0, failed: 0, done: 0 };
        const found = await rows<{ state: keyof typeof out; n: number }>(
          "SELECT state, COUNT(*) AS n FROM conn_inbox WHERE app_id = $1 GROUP BY state",
          [appId],
        );
        for (const r of found) out[r.state] = r.n;
        return out;
      },
      failures: async (appId, limit) =>
        (
          await rows<{ id: number; kind: WorkKind; last_error: string | null; received_at: number }>(
            "SELECT id, kind, last_error, received_at FROM conn_inbox WHERE app_id = $1 AND state = 'failed' ORDER BY id DESC LIMIT $2",
            [appId, limit],
          )
        ).map((r) => ({ id: r.id, kind: r.kind, error: r.last_error ?? "", receivedAt: r.received_at })),
      nextDueAt: async () =>
        (
          await rows<{ t: number | null }>(
            "SELECT MIN(GREATEST(next_attempt_at, COALESCE(leased_until, 0))) AS t FROM conn_inbox WHERE state = 'pending'",
          )
        )[0]?.t ?? null,
      getSync: async (appId) => toSync(appId, (await rows("SELECT * FROM conn_sync WHERE app_id = $1", [appId]))[0]),
      async saveSync(state) {
        const v = syncValues(state);
        await rows(
          `INSERT INTO conn_sync (app_id, checkpoint, checkpoint_keys, initial_done_at, last_sync_at, last_sync_json, last_reconcile_at,
             last_error, held_deletes_json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (app_id) DO UPDATE SET checkpoint = $2, checkpoint_keys = $3, initial_done_at = $4, last_sync_at = $5,
             last_sync_json = $6, last_reconcile_at = $7, last_error = $8, held_deletes_json = $9`,
          [v.appId, v.checkpoint, v.keys, v.initialDoneAt, v.lastSyncAt, v.lastSync, v.lastReconcileAt, v.lastError, v.held],
        );
      },
      historyRecordOf: async (appId, callId) =>
        (
          await rows<{ id: string }>("SELECT history_record_id AS id FROM conn_calls WHERE app_id = $1 AND call_id = $2", [appId, callId])
        )[0]?.id ?? null,
      rememberHistoryRecord: async (appId, callId, recordId) =>
        void (await rows(
          `INSERT INTO conn_calls (app_id, call_id, history_record_id) VALUES ($1, $2, $3)
           ON CONFLICT (app_id, call_id) DO UPDATE SET history_record_id = $3`,
          [appId, callId, recordId],
        )),
      async syncedCustomer(appId, recordId) {
        const [r] = await rows<{ numbers_json: string }>("SELECT numbers_json FROM conn_customers WHERE app_id = $1 AND record_id = $2", [
          appId,
          recordId,
        ]);
        return r ? (JSON.parse(r.numbers_json) as string[]) : null;
      },
      rememberSyncedCustomer: async (appId, recordId, numbers) =>
        void (await rows(
          `INSERT INTO conn_customers (app_id, record_id, numbers_json, synced_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (app_id, record_id) DO UPDATE SET numbers_json = $3, synced_at = $4`,
          [appId, recordId, JSON.stringify(numbers), Date.now()],
        )),
      forgetSyncedCustomer: async (appId, recordId) =>
        void (await rows("DELETE FROM conn_customers WHERE app_id = $1 AND record_id = $2", [appId, recordId])),
      syncedCustomerIds: async (appId) =>
        (await rows<{ record_id: string }>("SELECT record_id FROM conn_customers WHERE app_id = $1", [appId])).map((r) => r.record_id),
      indexedRecordIds: async (appId) =>
        (await rows<{ record_id: string }>("SELECT DISTINCT record_id FROM conn_numbers WHERE app_id = $1", [appId])).map(
          (r) => r.record_id,
        ),
      customersWithNumber: async (appId, e164) =>
        (
          await rows<{ record_id: string; display: string }>(
            "SELECT record_id, display FROM conn_numbers WHERE app_id = $1 AND e164 = $2 ORDER BY CAST(record_id AS BIGINT)",
            [appId, e164],
          )
        ).map((r) => ({ recordId: r.record_id, text: r.display })),
      setCustomerNumbers: (appId, recordId, numbers) =>
        store.transaction(async (tx) => {
          await (tx as Internal).exec("DELETE FROM conn_numbers WHERE app_id = $1 AND record_id = $2", [appId, recordId]);
          await putNumbers(tx as Internal, appId, [{ recordId, numbers }]);
        }),
      replaceCustomerNumbers: (appId, entries) =>
        store.transaction(async (tx) => {
          await (tx as Internal).exec("DELETE FROM conn_numbers WHERE app_id = $1", [appId]);
          await putNumbers(tx as Internal, appId, entries);
        }),
      createdCaller: async (appId, e164) =>
        (await rows<{ record_id: string }>("SELECT record_id FROM conn_callers WHERE app_id = $1 AND e164 = $2", [appId, e164]))[0]
          ?.record_id ?? null,
      rememberCreatedCaller: async (appId, e164, recordId) =>
        void (await rows("INSERT INTO conn_callers (app_id, e164, record_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [
          appId,
          e164,
          recordId,
        ])),
      async release(ids) {
        if (ids.length === 0) return;
        await rows("UPDATE conn_inbox SET leased_until = NULL, leased_by = NULL WHERE id = ANY($1) AND leased_by = $2", [ids, holder]);
      },
      async renew(ids) {
        if (ids.length === 0) return;
        await rows("UPDATE conn_inbox SET leased_until = $3 WHERE id = ANY($1) AND leased_by = $2 AND state = 'pending'", [
          ids,
          holder,
          Date.now() + leaseMs,
        ]);
      },
      claimLease: async (name, ms) =>
        (await count(
          `INSERT INTO conn_leases (name, holder, until_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET holder = $2, until_at = $3 WHERE conn_leases.until_at <= $4`,
          [name, holder, Date.now() + ms, Date.now()],
        )) > 0,
      async takeSlot(domain, limit, ms) {
        if (!madeSlots.has(`${domain}:${limit}`)) {
          await rows(
            "INSERT INTO conn_kintone_slots (domain, slot) SELECT $1, s FROM generate_series(1, $2::int) s ON CONFLICT DO NOTHING",
            [domain, limit],
          );
          madeSlots.add(`${domain}:${limit}`);
        }
        const [r] = await rows<{ slot: number }>(
          `UPDATE conn_kintone_slots SET holder = $3, until_at = $4 WHERE domain = $1 AND slot = (
             SELECT slot FROM conn_kintone_slots WHERE domain = $1 AND slot <= $2 AND until_at <= $5
             ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING slot`,
          [domain, limit, holder, Date.now() + ms, Date.now()],
        );
        return r?.slot ?? null;
      },
      freeSlot: async (domain, slot) =>
        void (await rows("UPDATE conn_kintone_slots SET holder = NULL, until_at = 0 WHERE domain = $1 AND slot = $2 AND holder = $3", [
          domain,
          slot,
          holder,
        ])),
      countRequests: async (appId, n) =>
        (
          await rows<{ requests: number }>(
            `INSERT INTO conn_kintone_requests (app_id, day, requests) VALUES ($1, $2, $3)
             ON CONFLICT (app_id, day) DO UPDATE SET requests = conn_kintone_requests.requests + $3 RETURNING requests`,
            [appId, dayOf(Date.now()), n],
          )
        )[0]!.requests,
      requestsToday: async (appId) =>
        (
          await rows<{ requests: number }>("SELECT requests FROM conn_kintone_requests WHERE app_id = $1 AND day = $2", [
            appId,
            dayOf(Date.now()),
          ])
        )[0]?.requests ?? 0,
      ping: async () => void (await rows("SELECT 1")),
      broadcast: async (message) => void (await rows("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, message])),
      listen: (onMessage) => listenOn(onMessage),
      close: () => (ended ??= pool.end()),
      async transaction(fn) {
        if (inTx) return fn(store);
        await ready();
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const out = await fn(on(client, true));
          await client.query("COMMIT");
          return out;
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
    };
    const internal: Internal = Object.assign(store, { exec: async (sql: string, params: unknown[]) => void (await rows(sql, params)) });
    return internal;
  }

  /** A connection of its own that LISTENs; dropped by the server, it connects again (messages meanwhile are lost). */
  async function listenOn(onMessage: (message: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: options.url, types });
      c.on("notification", (n) => {
        if (n.channel === LIVE_CHANNEL && n.payload) onMessage(n.payload);
      });
      c.on("error", () => {
        client = null;
        void c.end().catch(() => undefined);
        if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      });
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
      client = c;
    };
    await connect();
    return async () => {
      stopped = true;
      await client?.end().catch(() => undefined);
    };
  }

  async function putNumbers(tx: Internal, appId: AppKey, entries: { recordId: string; numbers: NumberText[] }[]): Promise<void> {
    const flat = entries.flatMap((e) => e.numbers.map((n) => [e.recordId, n.e164, n.text] as const));
    // One statement per 1,000 numbers rather than one per number: a reconciliation writes the whole index.
    for (let i = 0; i < flat.length; i += 1_000) {
      const part = flat.slice(i, i + 1_000);
      await tx.exec(
        `INSERT INTO conn_numbers (app_id, e164, record_id, display)
         SELECT $1, e, r, d FROM unnest($2::text[], $3::text[], $4::text[]) AS t(r, e, d) ON CONFLICT DO NOTHING`,
        [appId, part.map((p) => p[0]), part.map((p) => p[1]), part.map((p) => p[2])],
      );
    }
  }

  return on(pool, false);
}

type Internal = ConnectorStore & { exec(sql: string, params: unknown[]): Promise<void> };
