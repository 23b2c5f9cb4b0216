// Pushing saves and deletes: what is sent, and that a slow or failing CallConnect never blocks or loses it.
import { describe, expect, it } from "vitest";
import { createCallConnectClient, type Transport, type TransportRequest } from "../../src/shared/callconnect/client";
import { defaultSettings } from "../../src/shared/settings";
import { recordUrl } from "../../src/kintone-js/record-view";
import { Outbox, type KeyValueStorage } from "../../src/features/customer-push/outbox";
import { changeOfDelete, changeOfSave, flushOutbox, pushChange, refusedField } from "../../src/features/customer-push/push";

function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const settings = defaultSettings();
settings.customer.phoneFields = ["電話番号"];
settings.customer.fields.name = "担当者名";
const record = (phone: string) => ({
  $id: { value: "7" },
  担当者名: { value: "山田" },
  電話番号: { value: phone },
  更新日時: { type: "UPDATED_TIME", value: "2026-11-24T05:00:00Z" },
});

type Reply = { status: number; body?: string } | "hang" | "refuse";
function fake(replies: Reply[]) {
  const sent: TransportRequest[] = [];
  const transport: Transport = (req) => {
    sent.push(req);
    const r = replies.shift() ?? { status: 200 };
    if (r === "hang") return new Promise(() => undefined);
    if (r === "refuse") return Promise.reject(new Error("ECONNREFUSED"));
    return Promise.resolve({ status: r.status, body: r.body ?? JSON.stringify({ customer: { id: "c1" } }) });
  };
  return { sent, client: createCallConnectClient({ baseUrl: "http://cc/", transport }) };
}

describe("which change a save makes", () => {
  it("upserts a record with a number under its external key", () => {
    const c = changeOfSave(record("03-1234-5678"), settings, 1, "http://k/k/1/show#record=7", "edit");
    expect(c).toMatchObject({ op: "upsert", key: "kintone-1-7", customer: { name: "山田", numbers: ["+81312345678"], external_id: "7" } });
  });

  it("does not push a new record without a number, and unlinks an edited one whose number was removed", () => {
    expect(changeOfSave(record(""), settings, 1, "u", "create")).toBeNull();
    expect(changeOfSave(record("なし"), settings, 1, "u", "edit")).toEqual({ op: "delete", key: "kintone-1-7" });
    expect(changeOfDelete(1, 7)).toEqual({ op: "delete", key: "kintone-1-7" });
  });
});

describe("pushChange", () => {
  const change = changeOfSave(record("03-1234-5678"), settings, 1, "u", "edit")!;

  it("sends once and leaves nothing in the outbox on success", async () => {
    const { sent, client } = fake([{ status: 200 }]);
    const outbox = new Outbox(memoryStorage(), "k");
    expect(await pushChange(change, { client, outbox })).toEqual({ kind: "done" });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(["PUT http://cc/api/v1/customers/external/kintone-1-7"]);
    expect(outbox.list()).toEqual([]);
  });

  it("queues a failure with its reason", async () => {
    const { client } = fake(["refuse"]);
    const outbox = new Outbox(memoryStorage(), "k");
    expect(await pushChange(change, { client, outbox })).toEqual({ kind: "queued", reason: "unreachable" });
    expect(outbox.list()[0]).toMatchObject({ key: "kintone-1-7", attempts: 1, lastError: "unreachable" });
  });

  it("gives up waiting after the bound and keeps the change for later", async () => {
    const { client } = fake(["hang"]);
    const outbox = new Outbox(memoryStorage(), "k");
    const t0 = Date.now();
    expect(await pushChange(change, { client, outbox, waitMs: 50 })).toEqual({ kind: "queued", reason: "timeout" });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(outbox.list()).toHaveLength(1);
  });

  it("clears the entry when a slow answer arrives after the bound", async () => {
    let release: (v: { status: number; body: string }) => void = () => undefined;
    const transport: Transport = () => new Promise((r) => (release = r));
    const client = createCallConnectClient({ baseUrl: "http://cc/", transport });
    const outbox = new Outbox(memoryStorage(), "k");
    expect((await pushChange(change, { client, outbox, waitMs: 10 })).kind).toBe("queued");
    release({ status: 200, body: '{"customer":{"id":"c1"}}' });
    await new Promise((r) => setTimeout(r, 0));
    expect(outbox.list()).toEqual([]);
  });
});

describe("flushOutbox on a later page load", () => {
  it("does not hang on an entry CallConnect never answers", async () => {
    const storage = memoryStorage();
    new Outbox(storage, "k").put(changeOfDelete(1, 9));
    const { client } = fake(["hang"]);
    expect(await flushOutbox({ client, outbox: new Outbox(storage, "k"), waitMs: 20 })).toEqual({
      sent: 0,
      failed: 1,
      pending: 1,
      lastReason: "timeout",
    });
  });

  it("sends due entries once each, clears successes and backs off failures", async () => {
    const storage = memoryStorage();
    const earlier = new Outbox(storage, "k");
    earlier.put(changeOfSave(record("03-1234-5678"), settings, 1, "u", "edit")!);
    earlier.put(changeOfDelete(1, 8));
    const { sent, client } = fake([{ status: 200 }, { status: 503, body: "" }]);
    const outbox = new Outbox(storage, "k");
    expect(await flushOutbox({ client, outbox })).toEqual({ sent: 1, failed: 1, pending: 1, lastReason: "server_error" });
    expect(sent.map((s) => s.method)).toEqual(["PUT", "DELETE"]);
    expect(outbox.list().map((e) => [e.key, e.attempts])).toEqual([["kintone-1-8", 1]]);
    // Not due again until its backoff has passed: a reload right away sends nothing.
    // …but the waiting change is still reported, with why it waits.
    expect(await flushOutbox({ client, outbox })).toEqual({ sent: 0, failed: 0, pending: 1, lastReason: "server_error" });
    expect(sent).toHaveLength(2);
  });
});

describe("the link back to kintone", () => {
  it("points at the record's detail page, guest spaces included", () => {
    expect(recordUrl({ origin: "https://x.cybozu.com", pathname: "/k/1/" }, 1, 7)).toBe("https://x.cybozu.com/k/1/show#record=7");
    expect(recordUrl({ origin: "https://x.cybozu.com", pathname: "/k/guest/12/3/show" }, 3, 7)).toBe(
      "https://x.cybozu.com/k/guest/12/3/show#record=7",
    );
    expect(recordUrl({ origin: "https://x.cybozu.com", pathname: "/k/m/guest/12/3/show" }, 3, 7)).toBe(
      "https://x.cybozu.com/k/guest/12/3/show#record=7",
    );
    expect(recordUrl({ origin: "https://x.cybozu.com", pathname: "/k/m/3/show" }, 3, 7)).toBe("https://x.cybozu.com/k/3/show#record=7");
    // The connector makes the link from its registered base ("/"): the same link the browser pushes.
    expect(recordUrl({ origin: "https://x.cybozu.com", pathname: "/" }, 3, 7)).toBe(
      recordUrl({ origin: "https://x.cybozu.com", pathname: "/k/3/show" }, 3, 7),
    );
  });
});

describe("a change CallConnect refuses for good", () => {
  const change = changeOfSave(record("03-1234-5678"), settings, 1, "u", "edit")!;
  const refusal = { status: 400, body: JSON.stringify({ error: { code: "invalid_request", message: "name: Invalid length" } }) };

  it("is dropped instead of retried forever, with CallConnect's words to name the field", async () => {
    const { client } = fake([refusal]);
    const outbox = new Outbox(memoryStorage(), "k");
    const outcome = await pushChange(change, { client, outbox });
    expect(outcome).toMatchObject({ kind: "refused" });
    expect(outcome.kind === "refused" && outcome.details).toContain("name: Invalid length");
    expect(outbox.list()).toEqual([]);
    expect(refusedField("name: Invalid length", settings)).toBe("担当者名");
    expect(refusedField("invalid_request: name: Invalid length", settings)).toBe("担当者名");
    expect(refusedField("numbers: too many", settings)).toBe("電話番号");
    expect(refusedField("something went wrong", settings)).toBeNull();
  });

  it("leaves the outbox on the next page load too, while a passing failure stays for a retry", async () => {
    const storage = memoryStorage();
    const then = new Outbox(storage, "k", () => 0);
    const other = changeOfSave({ ...record("03-9999-0000"), $id: { value: "8" } }, settings, 1, "u", "edit")!;
    await pushChange(change, { client: fake([{ status: 503 }]).client, outbox: then });
    await pushChange(other, { client: fake([{ status: 503 }]).client, outbox: then });
    const { client } = fake([refusal, { status: 503 }]);
    const flushed = await flushOutbox({ client, outbox: new Outbox(storage, "k", () => 10 ** 13) });
    expect(flushed.refused?.map((r) => r.details)).toEqual([expect.stringContaining("name: Invalid length")]);
    expect(flushed.pending).toBe(1);
    expect(then.list().map((e) => e.key)).toEqual(["kintone-1-8"]);
  });
});
