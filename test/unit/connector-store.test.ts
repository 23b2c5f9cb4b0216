import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createSqliteStore } from "../../src/connector/store/sqlite";
import { createSecretBox } from "../../src/connector/crypto";
import { defaultSettings } from "../../src/shared/settings";
import { MIGRATIONS } from "../../src/connector/store/migrations";

const KEY = "unit-test-encryption-key-0123456789";
const secrets = {
  callconnectToken: "cc-token-SECRET",
  customerApiToken: "kt-SECRET-1",
  historyApiToken: "kt-SECRET-2",
  basicAuthUser: "u",
  basicAuthPassword: "pw-SECRET",
};

function open(db = new Database(":memory:")) {
  return { db, store: createSqliteStore(db, createSecretBox(KEY)) };
}

describe("the connector's store", () => {
  it("keeps secrets encrypted at rest and gives them back decrypted", () => {
    const { db, store } = open();
    store.putApp({ appId: "1", settings: defaultSettings(), secrets, kintoneBaseUrl: "http://localhost:1", webhookKey: "hook-SECRET" });
    const raw = JSON.stringify(db.prepare("SELECT * FROM conn_apps").all());
    expect(raw).not.toContain("SECRET");
    expect(store.getApp("1")).toMatchObject({ secrets, webhookKey: "hook-SECRET" });
    expect(() => createSqliteStore(db, createSecretBox("another-key-0123456789")).getApp("1")).toThrow();
  });

  it("stores a delivery once however often it is replayed", () => {
    const { store } = open();
    const work = { appId: "1", kind: "call" as const, dedupeKey: "call:1:9:call_ended", serialKey: "n", body: "record%5Bid%5D=9" };
    const first = store.enqueue(work);
    expect(first.duplicate).toBe(false);
    expect(store.enqueue(work).duplicate).toBe(true);
    store.complete([first.id]);
    expect(store.enqueue(work).duplicate).toBe(true);
    expect(store.counts("1")).toEqual({ pending: 0, failed: 0, done: 1 });
  });

  it("hands out only due work, and keeps failures with their reason", () => {
    const { store } = open();
    const a = store.enqueue({ appId: "1", kind: "call", dedupeKey: "a", serialKey: "a", body: "" }).id;
    const b = store.enqueue({ appId: "1", kind: "call", dedupeKey: "b", serialKey: "b", body: "" }).id;
    store.retryLater(a, Date.now() + 60_000, "later");
    store.fail(b, "no permission");
    expect(store.due(Date.now(), 10)).toEqual([]);
    expect(store.due(Date.now() + 61_000, 10).map((w) => [w.id, w.attempts])).toEqual([[a, 1]]);
    expect(store.failures("1", 5)).toMatchObject([{ id: b, error: "no permission" }]);
  });

  it("migrates once: reopening the same database keeps the data", () => {
    const { db, store } = open();
    store.rememberHistoryRecord("1", "call-1", "42");
    const again = open(db).store;
    expect(again.historyRecordOf("1", "call-1")).toBe("42");
    expect(db.prepare("SELECT COUNT(*) AS n FROM conn_migrations").get()).toEqual({ n: MIGRATIONS.length });
  });

  it("round-trips the sync checkpoint", () => {
    const { store } = open();
    const s = { ...store.getSync("1"), checkpoint: "2026-11-24T05:00:07Z", checkpointKeys: ["2:1"], initialDoneAt: 5 };
    store.saveSync(s);
    expect(store.getSync("1")).toEqual(s);
  });
});
