// kintone → CallConnect: first import, hourly checkpoint sync, kintone webhooks, reconciliation, permissions.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCallConnectClient, externalKey } from "../../src/shared/callconnect/client";
import { fetchTransport } from "../../src/connector/clients/callconnect";
import { withBearerToken } from "../../src/shared/callconnect/client";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
const DAY = 24 * 60 * 60_000;

function cc() {
  return createCallConnectClient({ baseUrl: `${h.url}/callconnect/`, transport: withBearerToken(fetchTransport(), h.tokens.callconnect) });
}

async function inCallConnect(ids: string[]): Promise<string[]> {
  const client = cc();
  const found: string[] = [];
  for (const id of ids) if ((await client.getCustomer(externalKey(1, id))).ok) found.push(id);
  return found;
}

/** Adds a customer as if it had last been updated at `at` (the emulator stamps records with the clock). */
function addAt(at: Date, record: Record<string, { value: unknown }>): string {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
  try {
    return h.emulator.records.add(1, { 会社名: { value: "株式会社テスト" }, ...record }, "Administrator").id;
  } finally {
    vi.useRealTimers();
  }
}

const ids: Record<string, string[]> = {};

beforeAll(async () => {
  h = await startHarness({ initialCap: 5 });
  const now = Date.now();
  // Seven eligible, newest first by day; the cap of 5 takes the five newest.
  ids.eligible = [1, 2, 3, 4, 5, 6, 7].map((d) => addAt(new Date(now - d * DAY), { 電話番号: { value: `03-1111-00${10 + d}` } }));
  ids.edgeIn = [addAt(new Date(now - 60 * DAY + 5 * 60_000), { 携帯電話: { value: "090-1111-0001" } })];
  ids.old = [
    addAt(new Date(now - 60 * DAY - 5 * 60_000), { 電話番号: { value: "03-1111-0099" } }),
    addAt(new Date(now - 90 * DAY), { 電話番号: { value: "03-1111-0098" } }),
  ];
  ids.noPhone = [addAt(new Date(now - DAY / 2), {}), addAt(new Date(now - DAY / 2), { 電話番号: { value: "不明" } })];
});
afterAll(async () => h?.close());

describe("the first import", () => {
  it("sends exactly the most recent customers with a phone number, within 60 days, up to the cap", async () => {
    await h.register();
    const runs = await h.connector.sync("1");
    expect(runs[0]).toMatchObject({ kind: "initial", queued: 5 });
    await h.connector.runOnce();
    const all = [...ids.eligible!, ...ids.edgeIn!, ...ids.old!, ...ids.noPhone!];
    expect(await inCallConnect(all)).toEqual(ids.eligible!.slice(0, 5));
  });

  it("sends unmapped fields blank and numbers in E.164", async () => {
    const r = await cc().getCustomer(externalKey(1, ids.eligible![0]!));
    expect(r.ok && r.value).toMatchObject({
      company: "株式会社テスト",
      name: "",
      numbers: ["+81311110011"],
      external_id: ids.eligible![0],
    });
  });

  it("redoes the first import on request, and draws the 60-day line between records minutes apart", async () => {
    const runs = await h.connector.sync("1", { initial: true });
    expect(runs[0]).toMatchObject({ kind: "initial", queued: 5 });
    const wide = await startHarness({ initialCap: 3000 });
    try {
      const now = Date.now();
      const inside = addAtOn(wide, new Date(now - 60 * DAY + 5 * 60_000), "03-2222-0001");
      const outside = addAtOn(wide, new Date(now - 60 * DAY - 5 * 60_000), "03-2222-0002");
      await wide.register();
      await wide.connector.sync("1");
      await wide.connector.runOnce();
      const client = createCallConnectClient({
        baseUrl: `${wide.url}/callconnect/`,
        transport: withBearerToken(fetchTransport(), wide.tokens.callconnect),
      });
      expect((await client.getCustomer(externalKey(1, inside))).ok).toBe(true);
      expect((await client.getCustomer(externalKey(1, outside))).ok).toBe(false);
    } finally {
      await wide.close();
    }
  });
});

function addAtOn(x: Harness, at: Date, phone: string): string {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
  try {
    return x.emulator.records.add(1, { 会社名: { value: "株式会社テスト" }, 電話番号: { value: phone } }, "Administrator").id;
  } finally {
    vi.useRealTimers();
  }
}

describe("the hourly sync", () => {
  it("sends records updated in the checkpoint's own second without re-sending the others", async () => {
    await h.connector.sync("1"); // absorbs what the redone first import left after its checkpoint
    // Records updated now: the emulator, like kintone, stamps the same time for all of them.
    const a = (await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: "同時刻A" }, 電話番号: { value: "03-3333-0001" } } }))
      .id;
    let runs = await h.connector.sync("1");
    expect(runs[0]).toMatchObject({ kind: "incremental", queued: 1 });
    const b = (await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: "同時刻B" }, 電話番号: { value: "03-3333-0002" } } }))
      .id;
    await h.kintone.record.updateRecord({ app: 1, id: a, record: { 担当者名: { value: "更新後" } } });
    runs = await h.connector.sync("1");
    expect(runs[0]).toMatchObject({ kind: "incremental", queued: 2 });
    await h.connector.runOnce();
    expect(await inCallConnect([a, b])).toEqual([a, b]);
    const ra = await cc().getCustomer(externalKey(1, a));
    expect(ra.ok && ra.value.name).toBe("更新後");
  });

  it("still uses one kintone request an hour later: the form is cached for a day, not minutes", async () => {
    await h.connector.sync("1");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60_000);
    try {
      const runs = await h.connector.sync("1", { reconcile: false });
      expect(runs[0]).toMatchObject({ kind: "incremental", kintoneRequests: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("uses one kintone request and sends nothing when nothing changed", async () => {
    const before = h.requests.callconnect;
    const runs = await h.connector.sync("1");
    expect(runs[0]).toMatchObject({ kind: "incremental", queued: 0, kintoneRequests: 1 });
    await h.connector.runOnce();
    expect(h.requests.callconnect).toBe(before);
  });
});

describe("realtime changes and deletes", () => {
  it("catches a delete no webhook reported when reconciling", async () => {
    const victim = ids.eligible![1]!;
    // No kintone webhook is configured yet: nothing tells the connector about this delete.
    await h.kintone.record.deleteRecords({ app: 1, ids: [victim] });
    await h.connector.sync("1");
    await h.connector.runOnce();
    expect(await inCallConnect([victim])).toEqual([victim]);
    const runs = await h.connector.sync("1", { reconcile: true });
    expect(runs.map((r) => r.kind)).toEqual(["incremental", "reconcile"]);
    expect(runs[1]).toMatchObject({ queued: 1 });
    await h.connector.runOnce();
    expect(await inCallConnect([victim])).toEqual([]);
  });

  it("removes the customer when the record is deleted (kintone webhook) or loses its number", async () => {
    const { webhooks } = await h.register();
    h.emulator.webhooks.add(1, { url: webhooks.kintone, events: ["ADD_RECORD", "UPDATE_RECORD", "DELETE_RECORD"] });
    const gone = (
      await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: "削除予定" }, 電話番号: { value: "03-4444-0001" } } })
    ).id;
    const unlinked = (
      await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: "番号削除" }, 電話番号: { value: "03-4444-0002" } } })
    ).id;
    await h.emulator.drainWebhooks();
    await h.connector.runOnce();
    expect(await inCallConnect([gone, unlinked])).toEqual([gone, unlinked]);
    await h.kintone.record.deleteRecords({ app: 1, ids: [gone] });
    await h.kintone.record.updateRecord({ app: 1, id: unlinked, record: { 電話番号: { value: "" } } });
    await h.emulator.drainWebhooks();
    await h.connector.runOnce();
    expect(await inCallConnect([gone, unlinked])).toEqual([]);
  });

  it("refuses a kintone webhook without the key", async () => {
    const resp = await fetch(`${h.connectorUrl}webhooks/kintone/1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id: "x", type: "DELETE_RECORD", app: { id: "1" }, recordId: ids.eligible![0] }),
    });
    expect(resp.status).toBe(401);
    await h.connector.runOnce();
    expect(await inCallConnect([ids.eligible![0]!])).toEqual([ids.eligible![0]]);
  });
});

describe("a token without the permission a step needs", () => {
  it("stops with a plain reason naming the permission and the app, shown in status", async () => {
    const viewless = h.emulator.tokens.create(2, { view: false, add: true, edit: true, delete: false });
    const s = h.settings();
    const put = await fetch(`${h.connectorUrl}api/apps/1/settings`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Connector-Secret": h.adminSecret },
      body: JSON.stringify({ settings: s, secrets: { historyApiToken: viewless }, kintoneBaseUrl: h.kintoneUrl }),
    });
    const { webhooks } = (await put.json()) as { webhooks: { callconnect: string } };
    await fetch(webhooks.callconnect, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "record%5Bid%5D=p-1&record%5Bstatus%5D=100&record%5Bnumber%5D=0311110011",
    });
    await h.connector.runOnce();
    const status = await fetch(`${h.connectorUrl}api/apps/1/status`, { headers: { "X-Connector-Secret": h.adminSecret } });
    const body = (await status.json()) as { failed: number; failures: { reason: string }[] };
    expect(body.failed).toBe(1);
    expect(body.failures[0]!.reason).toContain("アプリ 2");
    expect(body.failures[0]!.reason).toContain("レコード閲覧");
    const en = await fetch(`${h.connectorUrl}api/apps/1/status?lang=en`, { headers: { "X-Connector-Secret": h.adminSecret } });
    expect(((await en.json()) as { failures: { reason: string }[] }).failures[0]!.reason).toContain('lacks the "View records" permission');
    expect(JSON.stringify(body)).not.toContain(viewless);
    // Fixing the token and saving again resumes the stopped call.
    await h.register();
    await h.connector.runOnce();
    expect((await h.connector.status())[0]).toMatchObject({ failed: 0, pending: 0 });
    expect((await h.kintone.record.getRecords({ app: 2, query: 'CallID = "p-1"' })).records).toHaveLength(1);
  });

  it("reports a sync the customer token cannot read, naming the app and the permission", async () => {
    const blind = h.emulator.tokens.create(1, { view: false, add: true, edit: true, delete: false });
    const put = await fetch(`${h.connectorUrl}api/apps/1/settings`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Connector-Secret": h.adminSecret },
      body: JSON.stringify({ settings: h.settings(), secrets: { customerApiToken: blind }, kintoneBaseUrl: h.kintoneUrl }),
    });
    expect(put.status).toBe(200);
    await expect(h.connector.sync("1")).rejects.toThrow(/View records/);
    const [status] = await h.connector.status("ja");
    expect(status!.lastSyncError).toContain("アプリ 1");
    expect(status!.lastSyncError).toContain("レコード閲覧");
    expect(status!.syncing).toBe(false);
    const started = await fetch(`${h.connectorUrl}api/apps/1/sync`, { method: "POST", headers: { "X-Connector-Secret": h.adminSecret } });
    expect(started.status).toBe(202);
  });
});

describe("a sync over more than one page", () => {
  it("reads every changed record once, page after page by id — and never twice with the webhook", async () => {
    await h.register();
    await h.connector.sync("1");
    await h.connector.sync("1"); // whatever earlier tests left after the checkpoint
    const total = async () => {
      const s = (await h.connector.status())[0]!;
      return s.pending + s.done + s.failed;
    };
    const before = await total();
    const records = Array.from({ length: 1100 }, (_, i) => ({
      会社名: { value: `一括${i}` },
      電話番号: { value: `03-9100-${String(1000 + i)}` },
    }));
    for (let i = 0; i < records.length; i += 100) await h.kintone.record.addRecords({ app: 1, records: records.slice(i, i + 100) });
    const runs = await h.connector.sync("1", { reconcile: false });
    expect(runs[0]).toMatchObject({ kind: "incremental", kintoneRequests: 3 });
    expect(runs[0]!.read).toBeGreaterThanOrEqual(1100);
    // The kintone webhook registered earlier delivers the same revisions: each record is queued once in all.
    await h.emulator.drainWebhooks();
    expect((await total()) - before).toBe(1100);
    const again = await h.connector.sync("1", { reconcile: false });
    expect(again[0]).toMatchObject({ queued: 0 });
  });
});
