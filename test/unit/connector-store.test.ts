import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { createSqliteStore } from "../../src/connector/store/sqlite";
import { createPostgresStore } from "../../src/connector/store/postgres";
import type { ConnectorStore } from "../../src/connector/store/types";
import { createSecretBox } from "../../src/connector/crypto";
import { defaultSettings } from "../../src/shared/settings";
import { MIGRATIONS } from "../../src/connector/store/migrations";
import { freshDatabase } from "../helpers/postgres";
import { appKey, newTenantSecret, tenantSecretMatches } from "../../src/connector/tenants";

const KEY = "unit-test-encryption-key-0123456789";
const secrets = {
  callconnectToken: "cc-token-SECRET",
  customerApiToken: "kt-SECRET-1",
  historyApiToken: "kt-SECRET-2",
  basicAuthUser: "u",
  basicAuthPassword: "pw-SECRET",
};

/** One database and what a test needs of it: stores on it (as many instances as asked) and raw reads. */
interface Opened {
  store: ConnectorStore;
  /** Another instance on the same database (the same process for SQLite). */
  another(key?: string, leaseMs?: number): ConnectorStore;
  raw(sql: string): Promise<Record<string, unknown>[]>;
}

interface Kind {
  name: string;
  open(leaseMs?: number): Promise<Opened>;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

const sqlite: Kind = {
  name: "SQLite",
  async open() {
    const db = new Database(":memory:");
    return {
      store: createSqliteStore(db, createSecretBox(KEY)),
      another: (key = KEY) => createSqliteStore(db, createSecretBox(key)),
      raw: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    };
  },
};

const opened: ConnectorStore[] = [];
const dbs: { drop(): Promise<void> }[] = [];
const postgres: Kind = {
  name: "PostgreSQL",
  async open(leaseMs = 30_000) {
    const fresh = await freshDatabase();
    dbs.push(fresh);
    let n = 0;
    const make = (key = KEY, lease = leaseMs) => {
      const s = createPostgresStore({ url: fresh.url, box: createSecretBox(key), holder: `test-${++n}`, leaseMs: lease });
      opened.push(s);
      return s;
    };
    return {
      store: make(),
      another: make,
      async raw(sql) {
        const c = new pg.Client({ connectionString: fresh.url });
        await c.connect();
        try {
          return (await c.query(sql)).rows as Record<string, unknown>[];
        } finally {
          await c.end();
        }
      },
    };
  },
  async teardown() {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await Promise.all(dbs.splice(0).map((d) => d.drop()));
  },
};

const A1 = appKey("", "1");
const A2 = appKey("", "2");
const call = (key: string, serialKey = key) => ({ app: A1, kind: "call" as const, dedupeKey: key, serialKey, body: "" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([sqlite, postgres])("the connector's store on $name", (kind) => {
  beforeAll(async () => kind.setup?.(), 60_000);
  afterAll(async () => kind.teardown?.(), 60_000);

  it("keeps secrets encrypted at rest and gives them back decrypted", async () => {
    const { store, another, raw } = await kind.open();
    await store.putApp({
      key: A1,
      tenant: "",
      appId: "1",
      settings: defaultSettings(),
      secrets,
      kintoneBaseUrl: "http://localhost:1",
      webhookKey: "hook-SECRET",
    });
    expect(JSON.stringify(await raw("SELECT * FROM conn_apps"))).not.toContain("SECRET");
    expect(await store.getApp(A1)).toMatchObject({ secrets, webhookKey: "hook-SECRET" });
    await expect(another("another-key-0123456789").getApp(A1)).rejects.toThrow();
  });

  it("stores a delivery once however often it is replayed", async () => {
    const { store } = await kind.open();
    const work = { app: A1, kind: "call" as const, dedupeKey: "call:1:9:call_ended", serialKey: "n", body: "record%5Bid%5D=9" };
    const first = await store.enqueue(work);
    expect(first.duplicate).toBe(false);
    expect((await store.enqueue(work)).duplicate).toBe(true);
    await store.complete([first.id]);
    expect((await store.enqueue(work)).duplicate).toBe(true);
    expect(await store.counts(A1)).toEqual({ pending: 0, failed: 0, done: 1 });
  });

  it("hands out only due work, and keeps failures with their reason", async () => {
    const { store } = await kind.open();
    const a = (await store.enqueue(call("a"))).id;
    const b = (await store.enqueue(call("b"))).id;
    await store.retryLater(a, Date.now() + 60_000, "later");
    await store.fail(b, "no permission");
    expect(await store.due(Date.now(), 10)).toEqual([]);
    expect((await store.due(Date.now() + 61_000, 10)).map((w) => [w.id, w.attempts])).toEqual([[a, 1]]);
    expect(await store.failures(A1, 5)).toMatchObject([{ id: b, error: "no permission" }]);
  });

  it("keeps a lane in order: an item waits while an earlier one of its lane waits for a retry", async () => {
    const { store } = await kind.open();
    const first = (await store.enqueue(call("a1", "lane-a"))).id;
    const second = (await store.enqueue(call("a2", "lane-a"))).id;
    const other = (await store.enqueue(call("b1", "lane-b"))).id;
    await store.retryLater(first, Date.now() + 60_000, "later");
    expect((await store.due(Date.now(), 10)).map((w) => w.id)).toEqual([other]);
    await store.release([other]);
    expect((await store.due(Date.now() + 61_000, 10)).map((w) => w.id)).toEqual([first, second, other]);
  });

  it("lets no tenant's burst starve the others: each app's first 100 due items come first", async () => {
    const { store } = await kind.open();
    await store.transaction(async (tx) => {
      for (let i = 0; i < 250; i++) await tx.enqueue(call(`big${i}`));
    });
    for (let i = 0; i < 5; i++) await store.enqueue({ ...call(`small${i}`), app: A2 });
    const got = await store.due(Date.now(), 150);
    expect(got.filter((w) => w.app === A2)).toHaveLength(5);
    expect(got.filter((w) => w.app === A1)).toHaveLength(145);
  });

  it("claims whole batches of the apps waiting longest, not a call of each app, when many tenants' calls interleave", async () => {
    const { store } = await kind.open();
    const apps = [1, 2, 3, 4, 5].map((n) => appKey(`t${n}`, "1"));
    await store.transaction(async (tx) => {
      for (let i = 0; i < 100; i++) for (const app of apps) await tx.enqueue({ ...call(`${app}:${i}`), app });
    });
    const got = await store.due(Date.now(), 200);
    // t1's and t2's first items are the oldest: their 100 each fill the claim, two full kintone writes.
    expect(got.filter((w) => w.app === apps[0])).toHaveLength(100);
    expect(got.filter((w) => w.app === apps[1])).toHaveLength(100);
  });

  it("migrates once: reopening the same database keeps the data", async () => {
    const { store, another, raw } = await kind.open();
    await store.rememberHistoryRecord(A1, "call-1", "42");
    expect(await another().historyRecordOf(A1, "call-1")).toBe("42");
    expect(await raw("SELECT COUNT(*) AS n FROM conn_migrations")).toEqual([
      { n: kind === sqlite ? MIGRATIONS.length : String(MIGRATIONS.length) },
    ]);
  });

  it("round-trips the sync checkpoint", async () => {
    const { store } = await kind.open();
    const s = { ...(await store.getSync(A1)), checkpoint: "2026-11-24T05:00:07Z", checkpointKeys: ["2:1"], initialDoneAt: 5 };
    await store.saveSync(s);
    expect(await store.getSync(A1)).toEqual(s);
  });

  it("rolls a transaction back whole, and leaves what others wrote meanwhile", async () => {
    const { store } = await kind.open();
    const failing = store.transaction(async (tx) => {
      await tx.rememberHistoryRecord(A1, "in-tx", "1");
      await sleep(20);
      throw new Error("boom");
    });
    const outside = store.rememberHistoryRecord(A1, "outside", "2");
    await expect(failing).rejects.toThrow("boom");
    await outside;
    expect(await store.historyRecordOf(A1, "in-tx")).toBeNull();
    expect(await store.historyRecordOf(A1, "outside")).toBe("2");
  });

  it("gives a domain's request slots to one holder each, up to the limit", async () => {
    const { store, another } = await kind.open();
    const b = another();
    const taken = [await store.takeSlot("x.cybozu.com", 2, 10_000), await b.takeSlot("x.cybozu.com", 2, 10_000)];
    expect(taken.sort()).toEqual([1, 2]);
    expect(await store.takeSlot("x.cybozu.com", 2, 10_000)).toBeNull();
    expect(await store.takeSlot("y.cybozu.com", 2, 10_000)).not.toBeNull();
    await store.freeSlot("x.cybozu.com", taken[0]!);
    await b.freeSlot("x.cybozu.com", taken[0]!);
    expect(await b.takeSlot("x.cybozu.com", 2, 10_000)).toBe(taken[0]);
  });

  it("lets one instance take a named lease until it runs out", async () => {
    const { store: a, another } = await kind.open();
    const b = another();
    expect(await a.claimLease("sync:1", 200)).toBe(true);
    expect(await b.claimLease("sync:1", 200)).toBe(false);
    expect(await b.claimLease("sync:2", 200)).toBe(true);
    await sleep(250);
    expect(await b.claimLease("sync:1", 200)).toBe(true);
  });

  it("keeps two tenants' app 1 apart from each other and from the connector's own app 1", async () => {
    const { store } = await kind.open();
    const reg = (tenant: string, base: string) => ({
      key: appKey(tenant, "1"),
      tenant,
      appId: "1",
      settings: defaultSettings(),
      secrets: { ...secrets, customerApiToken: `token-of-${tenant || "own"}` },
      kintoneBaseUrl: base,
      webhookKey: `hook-of-${tenant || "own"}`,
    });
    for (const [t, base] of [
      ["", "https://own.cybozu.com"],
      ["acme", "https://acme.cybozu.com"],
      ["beta", "https://beta.cybozu.com"],
    ] as const)
      await store.putApp(reg(t, base));
    const acme = appKey("acme", "1");
    expect(await store.getApp(acme)).toMatchObject({
      key: "acme/1",
      tenant: "acme",
      appId: "1",
      kintoneBaseUrl: "https://acme.cybozu.com",
    });
    expect((await store.getApp(A1))?.secrets.customerApiToken).toBe("token-of-own");
    expect((await store.listApps("beta")).map((a) => a.key)).toEqual(["beta/1"]);
    expect((await store.listApps("")).map((a) => a.key)).toEqual(["1"]);
    expect((await store.listApps()).map((a) => a.key)).toEqual(["1", "acme/1", "beta/1"]);
    // The same CallConnect call id in two tenants is two deliveries, each written to its own kintone.
    const dedupeKey = (app: string) => `call:${app}:same-call:call_ended`;
    for (const app of [A1, acme])
      expect((await store.enqueue({ app, kind: "call", dedupeKey: dedupeKey(app), serialKey: app, body: "" })).duplicate).toBe(false);
    await store.rememberHistoryRecord(acme, "same-call", "7");
    expect(await store.historyRecordOf(A1, "same-call")).toBeNull();
    expect(await store.counts(acme)).toEqual({ pending: 1, failed: 0, done: 0 });

    // Removing a tenant takes everything of its apps, and nothing of anyone else's.
    await store.putTenant({ id: "acme", secretHash: "h", kintoneOrigin: null, createdAt: 1 });
    await store.setCustomerNumbers(acme, "3", [{ e164: "+81312345678", text: "03-1234-5678" }]);
    await store.setCustomerNumbers(A1, "3", [{ e164: "+81312345678", text: "03-1234-5678" }]);
    await store.countRequests(acme, 4);
    expect(await store.claimLease(`sync:${acme}`, 60_000)).toBe(true);
    expect(await store.removeTenant("acme")).toBe(true);
    expect(await store.removeTenant("acme")).toBe(false);
    expect(await store.getTenant("acme")).toBeNull();
    expect(await store.getApp(acme)).toBeNull();
    expect(await store.counts(acme)).toEqual({ pending: 0, failed: 0, done: 0 });
    expect(await store.historyRecordOf(acme, "same-call")).toBeNull();
    expect(await store.customersWithNumber(acme, "+81312345678")).toEqual([]);
    expect(await store.requestsToday(acme)).toBe(0);
    expect(await store.claimLease(`sync:${acme}`, 60_000)).toBe(true);
    expect((await store.listApps()).map((a) => a.key)).toEqual(["1", "beta/1"]);
    expect(await store.customersWithNumber(A1, "+81312345678")).toEqual([{ recordId: "3", text: "03-1234-5678" }]);
    expect(await store.counts(A1)).toEqual({ pending: 1, failed: 0, done: 0 });
  });

  it("keeps a tenant's secret as a hash that only the secret matches", async () => {
    const { store, raw } = await kind.open();
    const { secret, secretHash } = newTenantSecret();
    await store.putTenant({ id: "acme", secretHash, kintoneOrigin: "https://acme.cybozu.com", createdAt: 5 });
    expect(JSON.stringify(await raw("SELECT * FROM conn_tenants"))).not.toContain(secret);
    const t = await store.getTenant("acme");
    expect(t).toEqual({ id: "acme", secretHash, kintoneOrigin: "https://acme.cybozu.com", createdAt: 5 });
    expect(tenantSecretMatches(t!, secret)).toBe(true);
    expect(tenantSecretMatches(t!, `${secret}x`)).toBe(false);
    expect(await store.getTenant("other")).toBeNull();
    expect((await store.listTenants()).map((x) => x.id)).toEqual(["acme"]);
  });

  it("counts an app's kintone requests of the day", async () => {
    const { store } = await kind.open();
    expect(await store.requestsToday(A1)).toBe(0);
    await store.countRequests(A1, 3);
    expect(await store.countRequests(A1, 2)).toBe(5);
    expect(await store.requestsToday(A1)).toBe(5);
    expect(await store.requestsToday(A2)).toBe(0);
  });
});

describe("several instances on one PostgreSQL", () => {
  afterAll(async () => postgres.teardown?.(), 60_000);

  it("hands an item to one instance at a time, and to another when the first stops renewing its lease", async () => {
    const { store: a, another } = await postgres.open(300);
    const b = another(KEY, 300);
    const id = (await a.enqueue(call("x"))).id;
    expect((await a.due(Date.now(), 10)).map((w) => w.id)).toEqual([id]);
    expect(await b.due(Date.now(), 10)).toEqual([]);
    await a.renew([id]);
    await sleep(200);
    expect(await b.due(Date.now(), 10)).toEqual([]);
    await sleep(250); // a died: nothing renews
    expect((await b.due(Date.now(), 10)).map((w) => w.id)).toEqual([id]);
    await b.complete([id]);
    expect(await a.due(Date.now() + 1_000, 10)).toEqual([]);
  });

  it("never runs two items of one lane at once across instances, and gives released items back at once", async () => {
    const { store: a, another } = await postgres.open();
    const b = another();
    const first = (await a.enqueue(call("l1", "lane"))).id;
    const second = (await a.enqueue(call("l2", "lane"))).id;
    const other = (await a.enqueue(call("o1", "other"))).id;
    expect((await a.due(Date.now(), 1)).map((w) => w.id)).toEqual([first]);
    // The lane's second item waits for the first, wherever it runs.
    expect((await b.due(Date.now(), 10)).map((w) => w.id)).toEqual([other]);
    await a.complete([first]);
    expect((await b.due(Date.now(), 10)).map((w) => w.id)).toEqual([second]);
    await b.release([second]);
    expect((await a.due(Date.now(), 10)).map((w) => w.id)).toEqual([second]);
  });

  it("claims in parallel without handing one item to two instances", async () => {
    const { store, another } = await postgres.open();
    const instances = [store, another(), another()];
    for (let i = 0; i < 60; i++) await store.enqueue(call(`p${i}`, `lane${i % 20}`));
    const seen: number[] = [];
    for (let round = 0; round < 10; round++) {
      const got = await Promise.all(instances.map((s) => s.due(Date.now(), 7)));
      const ids = got.flat().map((w) => w.id);
      seen.push(...ids);
      await Promise.all(instances.map((s, i) => s.complete(got[i]!.map((w) => w.id))));
    }
    expect(seen.length).toBe(60);
    expect(new Set(seen).size).toBe(60);
  });
});
