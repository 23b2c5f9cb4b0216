// The durable outbox: newest change per record wins, backoff between retries, storage failures tolerated.
import { describe, expect, it } from "vitest";
import { backoffMs, Outbox, outboxStorageKey, type KeyValueStorage } from "../../src/features/customer-push/outbox";

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const customer = (name: string) => ({
  name,
  company: "",
  email: "",
  address: "",
  memo: "",
  numbers: ["+81312345678"],
  external_id: "1",
  external_info: "kintone|1|u",
  updated_at: "2026-11-24T05:00:00Z",
});

describe("outbox", () => {
  it("keys storage per plugin and app", () => {
    expect(outboxStorageKey("pid", 3)).not.toBe(outboxStorageKey("pid", 4));
    expect(outboxStorageKey("pid", 3)).not.toBe(outboxStorageKey("other", 3));
  });

  it("keeps one entry per record: the newest change replaces the older one", () => {
    const storage = memoryStorage();
    const box = new Outbox(storage, "k", () => 1000);
    box.put({ op: "upsert", key: "kintone-1-1", customer: customer("old") });
    box.put({ op: "upsert", key: "kintone-1-2", customer: customer("other") });
    box.put({ op: "delete", key: "kintone-1-1" });
    expect(box.list().map((e) => [e.key, e.op])).toEqual([
      ["kintone-1-2", "upsert"],
      ["kintone-1-1", "delete"],
    ]);
    // Durable: a new Outbox over the same storage (a later page load) sees the same entries.
    expect(new Outbox(storage, "k").list()).toHaveLength(2);
  });

  it("does not let a late answer to an older attempt clear a newer change", () => {
    const box = new Outbox(memoryStorage(), "k", () => 1000);
    const older = box.put({ op: "upsert", key: "kintone-1-1", customer: customer("v1") });
    box.put({ op: "upsert", key: "kintone-1-1", customer: customer("v2") });
    box.done(older);
    const left = box.list();
    expect(left).toHaveLength(1);
    expect(left[0]!.op === "upsert" && left[0]!.customer.name).toBe("v2");
  });

  it("backs off exponentially after each failure, with a cap", () => {
    expect([0, 1, 2, 3].map(backoffMs)).toEqual([0, 30_000, 60_000, 120_000]);
    expect(backoffMs(50)).toBe(6 * 60 * 60_000);
    let now = 1000;
    const box = new Outbox(memoryStorage(), "k", () => now);
    const e = box.put({ op: "delete", key: "kintone-1-9" });
    expect(box.due()).toHaveLength(1);
    box.failed(e, "unreachable");
    expect(box.due()).toHaveLength(0);
    now += 30_000;
    expect(box.due()[0]).toMatchObject({ attempts: 1, lastError: "unreachable" });
    box.failed(e, "server_error");
    now += 30_000;
    expect(box.due()).toHaveLength(0);
    now += 30_000;
    expect(box.due()[0]?.attempts).toBe(2);
  });

  it("survives storage that throws or holds garbage", () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => undefined,
    };
    const box = new Outbox(broken, "k");
    expect(() => box.put({ op: "delete", key: "x" })).not.toThrow();
    expect(box.list()).toEqual([]);
    const garbage = memoryStorage();
    garbage.setItem("k", "{not json");
    expect(new Outbox(garbage, "k").list()).toEqual([]);
  });

  it("removes its storage key when empty", () => {
    const storage = memoryStorage();
    const box = new Outbox(storage, "k");
    box.done(box.put({ op: "delete", key: "x" }));
    expect(storage.data.has("k")).toBe(false);
  });
});
