// Screen pop through the connector, over real HTTP: CallConnect's live events in (the webhook URL, its key), each
// agent's stream out (a ticket through the secret-bearing door), the wrap-up into the call's one history record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";
import { openAgentStream, readStream, type StreamReader } from "../helpers/sse";
import { liveEventFields, type LiveEvent } from "../../src/shared/callconnect/live-events";
import { createTicketMinter } from "../../src/connector/live/tickets";
import { appKey } from "../../src/connector/tenants";

let h: Harness;
let hook: string;
const open: StreamReader[] = [];
let seq = 0;

const nextCallId = () => `live-${Date.now()}-${++seq}`;

function liveEvent(e: Partial<LiveEvent> & Pick<LiveEvent, "event" | "callId">): string {
  const full: LiveEvent = {
    direction: "incoming",
    number: "03-5555-0101",
    startedAt: new Date().toISOString(),
    sentAt: new Date().toISOString(),
    ringTo: ["yamada@example.com"],
    answeredBy: null,
    contact: { id: "", name: "", company: "" },
    ...e,
  };
  return new URLSearchParams(liveEventFields(full)).toString();
}

const post = (body: string, url = hook) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });

async function ticket(user: string, email: string, secret = h.adminSecret) {
  return fetch(`${h.connectorUrl}api/apps/1/live/ticket`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Connector-Secret": secret },
    body: JSON.stringify({ user, email }),
  });
}

async function streamOf(user: string, email: string): Promise<StreamReader> {
  const s = await openAgentStream(h.connectorUrl, h.adminSecret, user, email);
  open.push(s);
  return s;
}

function ended(callId: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    "record[id]": callId,
    "record[event]": "call_ended",
    "record[status]": "100",
    "record[direction]": "incoming",
    "record[number]": "03-5555-0101",
    "record[started_at]": "2026-12-03T10:00:00+09:00",
    "record[duration]": "42",
    "record[user_email]": "yamada@example.com",
    "record[ring_to][]": "yamada@example.com",
    ...extra,
  }).toString();
}

beforeAll(async () => {
  h = await startHarness();
  hook = (await h.register()).webhooks.callconnect;
  h.emulator.users.add({
    code: "smith",
    name: "John Smith",
    email: "smith@example.com",
    language: "en",
    timezone: "Asia/Tokyo",
    password: "sandbox",
    isAdmin: false,
  });
  await h.kintone.record.addRecord({
    app: 1,
    record: { 会社名: { value: "株式会社ライブ" }, 担当者名: { value: "ライブ 一郎" }, 電話番号: { value: "03-5555-0101" } },
  });
  await h.connector.sync("1", { initial: true });
});

afterAll(async () => {
  for (const s of open) s.close();
  await h.close();
});

describe("tickets and streams", () => {
  it("gives a ticket only with the connector secret, and a stream only with a valid ticket of this app", async () => {
    expect((await ticket("yamada", "yamada@example.com", "wrong")).status).toBe(401);
    const ok = await ticket("yamada", "yamada@example.com");
    expect(ok.status).toBe(200);
    const t = (await ok.json()) as { ticket: string; streamUrl: string; expiresInSec: number };
    expect(t.streamUrl.startsWith(`${h.connectorUrl}live/1?ticket=`)).toBe(true);
    expect(t.expiresInSec).toBeLessThanOrEqual(60);
    // tampered, for another app, expired
    // (the payload's first character: every bit of it counts, unlike the MAC's last, which base64url pads)
    const tampered = t.streamUrl.replace(/ticket=(.)/, (_, c: string) => `ticket=${c === "e" ? "f" : "e"}`);
    expect((await fetch(tampered)).status).toBe(401);
    expect((await fetch(t.streamUrl.replace("live/1?", "live/2?"))).status).toBe(401);
    const old = createTicketMinter("harness-encryption-key-0123456789").mint(
      { app: appKey("", "1"), user: "yamada", email: "" },
      Date.now() - 61_000,
    );
    expect((await fetch(`${h.connectorUrl}live/1?ticket=${encodeURIComponent(old.ticket)}`)).status).toBe(401);
    const s = await readStream(t.streamUrl);
    open.push(s);
    expect(s.status).toBe(200);
  });

  it("refuses a live event without the webhook key, and stores nothing for a ring", async () => {
    const callId = nextCallId();
    expect((await post(liveEvent({ event: "call_ringing", callId }), hook.replace(/key=[^&]+/, "key=wrong"))).status).toBe(401);
    const before = h.connectorDb.prepare("SELECT COUNT(*) AS n FROM conn_inbox").get() as { n: number };
    expect((await post(liveEvent({ event: "call_ringing", callId }))).status).toBe(200);
    const after = h.connectorDb.prepare("SELECT COUNT(*) AS n FROM conn_inbox").get() as { n: number };
    expect(after.n).toBe(before.n);
  });
});

describe("a ring reaches the agent it rings for, and only them", () => {
  it("yamada's stream gets the ring with her customer; smith's gets nothing", async () => {
    const yamada = await streamOf("yamada", "yamada@example.com");
    const smith = await streamOf("smith", "smith@example.com");
    const callId = nextCallId();
    const sent = Date.now();
    expect((await post(liveEvent({ event: "call_ringing", callId }))).status).toBe(200);
    const got = await yamada.next((c) => c.callId === callId, 1000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(got).toMatchObject({ state: "ringing", e164: "+81355550101", creatingCustomer: false });
    expect(got.customerIds).toHaveLength(1);
    expect(await smith.arrives((c) => c.callId === callId, 300)).toBe(false);
  });

  it("an answer by a colleague closes the card of the others it rang for", async () => {
    const yamada = await streamOf("yamada", "yamada@example.com");
    const smith = await streamOf("smith", "smith@example.com");
    const callId = nextCallId();
    const ringTo = ["yamada@example.com", "smith@example.com"];
    await post(liveEvent({ event: "call_ringing", callId, ringTo }));
    await smith.next((c) => c.callId === callId && c.state === "ringing");
    await post(liveEvent({ event: "call_answered", callId, ringTo, answeredBy: { email: "smith@example.com", name: "John Smith" } }));
    expect((await smith.next((c) => c.callId === callId && c.state !== "ringing")).state).toBe("talking");
    expect((await yamada.next((c) => c.callId === callId && c.state !== "ringing")).state).toBe("ended");
  });

  it("a stream opened after the ring gets it while it is fresh, not once it is older than 30 s", async () => {
    const fresh = nextCallId();
    const stale = nextCallId();
    await post(liveEvent({ event: "call_ringing", callId: fresh }));
    await post(liveEvent({ event: "call_ringing", callId: stale, sentAt: new Date(Date.now() - 31_000).toISOString() }));
    const late = await streamOf("yamada", "yamada@example.com");
    await late.next((c) => c.callId === fresh);
    expect(late.calls.some((c) => c.callId === stale)).toBe(false);
  });

  it("a ring replayed after the answer (at-least-once) does not reopen the call", async () => {
    const s = await streamOf("yamada", "yamada@example.com");
    const callId = nextCallId();
    await post(liveEvent({ event: "call_ringing", callId }));
    await post(liveEvent({ event: "call_answered", callId, answeredBy: { email: "yamada@example.com", name: "山田 花子" } }));
    await s.next((c) => c.callId === callId && c.state === "talking");
    await post(liveEvent({ event: "call_ringing", callId }));
    expect(await s.arrives((c) => c.callId === callId && c.state === "ringing", 300)).toBe(false);
  });

  it("an outgoing call the other party answers pops for the agent who placed it, as talking", async () => {
    const s = await streamOf("yamada", "yamada@example.com");
    const callId = nextCallId();
    await post(
      liveEvent({ event: "call_answered", callId, direction: "outgoing", answeredBy: { email: "yamada@example.com", name: "山田 花子" } }),
    );
    expect(await s.next((c) => c.callId === callId)).toMatchObject({ state: "talking", direction: "outgoing", e164: "+81355550101" });
  });

  it("the call's end closes it on the agent's stream", async () => {
    const s = await streamOf("yamada", "yamada@example.com");
    const callId = nextCallId();
    await post(liveEvent({ event: "call_ringing", callId }));
    await s.next((c) => c.callId === callId);
    expect((await post(ended(callId))).status).toBe(200);
    await s.next((c) => c.callId === callId && c.state === "ended");
  });
});

describe("an unknown caller with 顧客作成 on", () => {
  it("is created once, at the ring, and the stream names the new customer", async () => {
    const s = await streamOf("yamada", "yamada@example.com");
    const callId = nextCallId();
    await post(liveEvent({ event: "call_ringing", callId, number: "03-5555-0199", contact: { id: "", name: "未登録 太郎", company: "" } }));
    const first = await s.next((c) => c.callId === callId);
    expect(first).toMatchObject({ creatingCustomer: true, customerIds: [] });
    await h.connector.runOnce();
    const linked = await s.next((c) => c.callId === callId && !c.creatingCustomer);
    expect(linked.customerIds).toHaveLength(1);
    await post(ended(callId, { "record[number]": "03-5555-0199" }));
    await h.connector.runOnce();
    const customers = await h.kintone.record.getRecords({ app: 1, query: '電話番号 = "03-5555-0199"' });
    expect(customers.records.map((r) => r.$id!.value)).toEqual(linked.customerIds);
  });
});

describe("the wrap-up", () => {
  const wrapup = (callId: string, body: Record<string, string>, secret = h.adminSecret) =>
    fetch(`${h.connectorUrl}api/apps/1/calls/${encodeURIComponent(callId)}/wrapup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Connector-Secret": secret },
      body: JSON.stringify({ user: "yamada", e164: "+81355550101", key: `k-${callId}`, ...body }),
    });
  const historyOf = async (callId: string) => (await h.kintone.record.getRecords({ app: 2, query: `CallID = "${callId}"` })).records;

  it("refuses a result the admin did not offer, and a caller without the secret", async () => {
    expect((await wrapup("x", { result: "勝手な結果", memo: "" })).status).toBe(400);
    expect((await wrapup("x", { result: "受注", memo: "" }, "wrong")).status).toBe(401);
    // A call id that is not valid percent-encoding is a bad request, not a failure of the connector.
    const garbled = await fetch(`${h.connectorUrl}api/apps/1/calls/%E0%A4%A/wrapup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Connector-Secret": h.adminSecret },
      body: JSON.stringify({ user: "yamada", e164: "", key: "k", result: "受注", memo: "" }),
    });
    expect(garbled.status).toBe(400);
  });

  it("before the call-end webhook: one history record with the result, the memo and the call", async () => {
    const callId = nextCallId();
    expect((await wrapup(callId, { result: "受注", memo: "見積りを送る" })).status).toBe(202);
    await h.connector.runOnce();
    await post(ended(callId));
    await h.connector.runOnce();
    const recs = await historyOf(callId);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.対応結果!.value).toBe("受注");
    expect(recs[0]!.Memo!.value).toBe("【対応メモ】見積りを送る");
    expect(recs[0]!.Duration!.value).toBe("42");
    expect(recs[0]!.担当者!.value).toEqual([expect.objectContaining({ code: "yamada" })]);
  });

  it("after the call-end webhook, and sent twice: still one record, written once", async () => {
    const callId = nextCallId();
    await post(ended(callId));
    await h.connector.runOnce();
    const body = { result: "折り返し", memo: "明日10時に" };
    expect(((await (await wrapup(callId, body)).json()) as { duplicate: boolean }).duplicate).toBe(false);
    expect(((await (await wrapup(callId, body)).json()) as { duplicate: boolean }).duplicate).toBe(true);
    await h.connector.runOnce();
    const recs = await historyOf(callId);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.対応結果!.value).toBe("折り返し");
    expect(recs[0]!.Memo!.value).toBe("【対応メモ】明日10時に");
    expect(recs[0]!.Duration!.value).toBe("42");
  });

  it("keeps CallConnect's memo and the agent's wrap-up memo, whichever comes later", async () => {
    const first = nextCallId();
    await post(ended(first, { "record[memo]": "CCのメモ" }));
    await h.connector.runOnce();
    await wrapup(first, { result: "受注", memo: "カードのメモ" });
    await h.connector.runOnce();
    expect((await historyOf(first))[0]!.Memo!.value).toBe("CCのメモ\n【対応メモ】カードのメモ");

    const second = nextCallId();
    await wrapup(second, { result: "不在", memo: "カードのメモ" });
    await h.connector.runOnce();
    await post(ended(second));
    await post(ended(second, { "record[event]": "memo_saved", "record[memo]": "あとから書いたCCのメモ" }));
    await h.connector.runOnce();
    const [rec] = await historyOf(second);
    expect(rec!.Memo!.value).toBe("あとから書いたCCのメモ\n【対応メモ】カードのメモ");
    expect(rec!.対応結果!.value).toBe("不在");
  });
});
