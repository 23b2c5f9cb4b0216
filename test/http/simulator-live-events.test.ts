// The simulator's live call events (screen pop) over real HTTP: a ring, its answer and its end reach a real
// receiver in order, for the agent whose phone rang, in the shape src/shared/callconnect/live-events.ts parses;
// retried like every delivery; driven by the web phone's forms (no JavaScript) and by the sim/ control API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import pino from "pino";
import { createCallConnectSimulator, type CallConnectSimulator } from "../../src/sandbox/callconnect-simulator/index";
import { LIVE_EVENTS, liveEventFields, parseLiveEvent, type LiveEvent } from "../../src/shared/callconnect/live-events";

const TOKEN = "live-token";
const SECRET = "live-signing-secret";

interface Received {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  form: URLSearchParams;
  status: number;
}

let dir: string;
let db: Database.Database;
let server: Server;
let receiver: Server;
let sim: CallConnectSimulator;
let base: string;
let hookUrl: string;
const received: Received[] = [];
/** Statuses the receiver answers with, one per request; 200 once empty. */
const replies: number[] = [];

const listen = (s: Server) => new Promise<number>((ok) => s.listen(0, "127.0.0.1", () => ok((s.address() as AddressInfo).port)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-live-"));
  db = new Database(join(dir, "sandbox.db"));
  server = createServer((req, res) => void sim.handle(req, res).then((mine) => mine || res.writeHead(404).end()));
  const port = await listen(server);
  base = `http://127.0.0.1:${port}/callconnect/`;
  sim = createCallConnectSimulator({
    db,
    publicUrl: `http://127.0.0.1:${port}`,
    apiToken: TOKEN,
    webhookRetryDelaysMs: [20, 40, 80],
    logger: pino({ level: "silent" }),
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const status = replies.shift() ?? 200;
      received.push({ url: req.url ?? "", headers: req.headers, body, form: new URLSearchParams(body), status });
      res.writeHead(status).end();
    });
  });
  hookUrl = `http://127.0.0.1:${await listen(receiver)}/connector/webhooks/callconnect/1?key=url-secret`;
  const put = await fetch(`${base}api/v1/customers/external/kintone-1-1`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "着信 太郎", company: "株式会社ポップ", numbers: ["03-1234-5678"], external_id: "1" }),
  });
  expect(put.status).toBe(201);
});

afterAll(async () => {
  await sim.drainWebhooks();
  await new Promise((ok) => server.close(ok));
  await new Promise((ok) => receiver.close(ok));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
  replies.length = 0;
  sim.setWebhookTargets([{ url: hookUrl, signingSecret: SECRET }]);
});

const ofCall = (callId: string) => received.filter((r) => r.form.get("record[id]") === callId);
const events = (callId: string) => ofCall(callId).map((r) => r.form.get("record[event]"));
const live = (r: Received): LiveEvent => {
  const parsed = parseLiveEvent(r.form);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
};

/** The web phone's page, and a form of it posted as a browser without JavaScript would. */
async function phonePage(query: string) {
  const res = await fetch(`${base}phone?${query}`);
  return { status: res.status, html: await res.text() };
}
function formOf(html: string, action: RegExp): { action: string; fields: URLSearchParams } {
  const form = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => action.test(m[1]!));
  expect(form, `a form posting to ${action}`).toBeDefined();
  const fields = new URLSearchParams();
  for (const input of form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(input[1]!, input[2]!);
  return { action: form![1]!.replace(/&amp;/g, "&"), fields };
}
async function submit(action: string, fields: URLSearchParams) {
  const res = await fetch(new URL(action, base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: fields.toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

async function simPost(path: string, body?: unknown, contentType = "application/json") {
  const res = await fetch(`${base}sim/${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe("the web phone's 着信 panel", () => {
  it("sends ringing → answered → ended for the agent whose phone rang, in order, signed, parseable", async () => {
    const t0 = Date.now();
    const ringing = await phonePage(`direction=incoming&number=${encodeURIComponent("0312345678")}&user=yamada`);
    expect(ringing.html).toContain("着信中");
    const callId = /data-phone-call="(\d+)"/.exec(ringing.html)![1]!;
    // Reloading the ringing page is the same call: it rings once.
    await phonePage(`direction=incoming&number=${encodeURIComponent("0312345678")}&user=yamada`);

    const answer = formOf(ringing.html, /\/answer$/);
    expect(await submit(answer.action, answer.fields)).toBe("/callconnect/phone?user=yamada");
    const talking = await phonePage("user=yamada");
    expect(talking.html).toContain("通話中");
    expect(talking.html).toContain(`data-phone-call="${callId}"`);
    expect(talking.html).not.toContain("/answer");

    const end = formOf(talking.html, /phone\/end/);
    end.fields.set("agent", "yamada@example.com");
    end.fields.set("memo", "折り返し不要");
    expect(await submit(end.action, end.fields)).toMatch(new RegExp(`/phone/calls/${callId}\\?user=yamada$`));
    await sim.drainWebhooks();

    expect(events(callId)).toEqual(["call_ringing", "call_answered", "call_ended", "memo_saved", "transcription_done"]);
    for (const r of received) {
      expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(r.url).toContain("key=url-secret");
      expect(r.headers["x-callconnect-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(r.body).digest("hex")}`);
    }
    const [ring, answered, ended] = received;
    expect(live(ring!)).toMatchObject({
      event: "call_ringing",
      callId,
      direction: "incoming",
      number: "03-1234-5678",
      ringTo: ["yamada@example.com"],
      answeredBy: null,
      contact: { id: expect.stringMatching(/^\d+$/), name: "着信 太郎", company: "株式会社ポップ" },
    });
    expect(ring!.form.get("record[user_email]")).toBe("");
    expect(ring!.form.get("record[started_at]")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00$/);
    const sentAt = Date.parse(live(ring!).sentAt);
    expect(sentAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect(sentAt).toBeLessThanOrEqual(Date.now());
    expect(live(answered!)).toMatchObject({
      event: "call_answered",
      callId,
      ringTo: ["yamada@example.com"],
      answeredBy: { email: "yamada@example.com", name: "山田 花子" },
    });
    expect(ended!.form.get("record[status]")).toBe("100");
    expect(ended!.form.getAll("record[ring_to][]")).toEqual(["yamada@example.com"]);
    expect(parseLiveEvent(ended!.form).ok).toBe(false);
  });

  it("reports a ring nobody answered as call_missed for the agent it rang for", async () => {
    const ringing = await phonePage(`direction=incoming&number=${encodeURIComponent("080-3333-4444")}&user=smith`);
    const callId = /data-phone-call="(\d+)"/.exec(ringing.html)![1]!;
    expect(ringing.html).toContain("通話終了（不在）");
    const end = formOf(ringing.html, /phone\/end/);
    end.fields.set("agent", "smith@example.com");
    await submit(end.action, end.fields);
    await sim.drainWebhooks();
    expect(events(callId)).toEqual(["call_ringing", "call_missed"]);
    const missed = received[1]!.form;
    expect(missed.get("record[status]")).toBe("101");
    expect(missed.getAll("record[ring_to][]")).toEqual(["smith@example.com"]);
    expect(live(received[0]!)).toMatchObject({ ringTo: ["smith@example.com"], contact: { id: "", name: "", company: "" } });
    expect(received[0]!.form.get("contact[number]")).toBe("080-3333-4444");
  });

  it("sends call_answered when the callee of an outgoing call answers (相手が応答)", async () => {
    const calling = await phonePage(`number=${encodeURIComponent("+81312345678")}&user=smith`);
    expect(calling.html).toContain("発信中");
    const callId = /data-phone-call="(\d+)"/.exec(calling.html)![1]!;
    expect(calling.html).toContain("相手が応答");
    const answer = formOf(calling.html, /\/answer$/);
    await submit(answer.action, answer.fields);
    const talking = await phonePage("user=smith");
    expect(talking.html).toContain("通話中");
    const end = formOf(talking.html, /phone\/end/);
    end.fields.set("agent", "smith@example.com");
    await submit(end.action, end.fields);
    await sim.drainWebhooks();
    expect(events(callId)).toEqual(["call_answered", "call_ended", "transcription_done"]);
    expect(live(received[0]!)).toMatchObject({
      event: "call_answered",
      direction: "outgoing",
      number: "03-1234-5678",
      ringTo: ["smith@example.com"],
      answeredBy: { email: "smith@example.com", name: "John Smith" },
      contact: { name: "着信 太郎" },
    });
    expect(received[1]!.form.get("record[status]")).toBe("200");
  });
});

describe("the sim/ control API", () => {
  it("rings, answers and ends a call without a browser; a receiver answering 503 gets the ring again, still first", async () => {
    replies.push(503);
    const ring = await simPost("ring", { number: "03-1234-5678", agent: "yamada" });
    expect(ring.status).toBe(201);
    const callId = ring.json.callId as string;
    expect(ring.json.call).toMatchObject({ id: callId, status: "dialing", direction: "incoming", answered_at: null });
    const answered = await simPost(`calls/${callId}/answer`);
    expect(answered.status).toBe(200);
    expect(answered.json.call.answered_at).toEqual(expect.any(String));
    const ended = await simPost(`calls/${callId}/end`, {});
    expect(ended.status).toBe(200);
    expect(ended.json.call).toMatchObject({ status: "answered", status_code: 100, user_email: "yamada@example.com" });
    await sim.drainWebhooks();

    expect(received.map((r) => [r.form.get("record[event]"), r.status])).toEqual([
      ["call_ringing", 503],
      ["call_ringing", 200],
      ["call_answered", 200],
      ["call_ended", 200],
      ["transcription_done", 200],
    ]);
    // The retry is the same delivery: same id, same body (sent_at included), so a receiver can de-duplicate.
    expect(received[0]!.headers["x-callconnect-delivery"]).toBe(received[1]!.headers["x-callconnect-delivery"]);
    expect(received[0]!.body).toBe(received[1]!.body);
    expect(live(received[2]!).answeredBy).toEqual({ email: "yamada@example.com", name: "山田 花子" });
  });

  it("rings for several agents; the one who answers is named, and ends unanswered as call_missed by default", async () => {
    const ring = await simPost("ring", { number: "06-6123-4567", agent: ["yamada", "SMITH@example.com", "yamada@example.com"] });
    const answered = await simPost(`calls/${ring.json.callId}/answer`, { agent: "smith" });
    expect(answered.json.answered).toBe(true);
    expect((await simPost(`calls/${ring.json.callId}/answer`, { agent: "yamada" })).json.answered).toBe(false);
    const other = await simPost("ring", { number: "06-6123-4568", agent: ["yamada", "smith"] });
    expect((await simPost(`calls/${other.json.callId}/end`)).json.call.status).toBe("no_answer");
    await sim.drainWebhooks();

    expect(events(ring.json.callId)).toEqual(["call_ringing", "call_answered"]);
    expect(live(ofCall(ring.json.callId)[0]!).ringTo).toEqual(["yamada@example.com", "smith@example.com"]);
    expect(live(ofCall(ring.json.callId)[1]!).answeredBy).toEqual({ email: "smith@example.com", name: "John Smith" });
    expect(events(other.json.callId)).toEqual(["call_ringing", "call_missed"]);
    const missed = received.find((r) => r.form.get("record[event]") === "call_missed")!.form;
    expect(missed.getAll("record[ring_to][]")).toEqual(["yamada@example.com", "smith@example.com"]);
    // Once answered, a call ends as answered.
    expect((await simPost(`calls/${ring.json.callId}/end`, { result: "no_answer" })).json.call.status).toBe("answered");
    await sim.drainWebhooks();
  });

  it("answers an outgoing call started through the customer API with call_answered for its agent", async () => {
    const started = await fetch(`${base}api/v1/calls`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ number: "+81312345678", user: "yamada" }),
    });
    const callId = ((await started.json()) as any).call.id as string;
    expect((await simPost(`calls/${callId}/answer`)).status).toBe(200);
    await simPost(`calls/${callId}/end`, { memo: "ok" });
    await sim.drainWebhooks();
    expect(events(callId)).toEqual(["call_answered", "call_ended", "memo_saved", "transcription_done"]);
    expect(live(ofCall(callId)[0]!)).toMatchObject({
      direction: "outgoing",
      ringTo: ["yamada@example.com"],
      answeredBy: { email: "yamada@example.com" },
    });
  });

  it("refuses unknown agents, ended calls, unknown calls and bodies that are not JSON", async () => {
    expect((await simPost("ring", { number: "03-1234-5678", agent: "ghost" })).status).toBe(400);
    expect((await simPost("ring", { number: "javascript:alert(1)", agent: "yamada" })).status).toBe(400);
    expect((await simPost("ring", { number: "03-1234-5678" }, "text/plain")).status).toBe(415);
    expect((await simPost("calls/999999/answer")).status).toBe(404);
    const ring = await simPost("ring", { number: "03-1234-5678", agent: "smith" });
    await simPost(`calls/${ring.json.callId}/end`, { result: "no_answer" });
    expect((await simPost(`calls/${ring.json.callId}/answer`)).status).toBe(409);
    expect((await simPost(`calls/${ring.json.callId}/end`)).status).toBe(409);
    await sim.drainWebhooks();
    expect(received.filter((r) => r.form.get("record[event]") === "call_answered")).toEqual([]);
  });
});

describe("parseLiveEvent", () => {
  const event: LiveEvent = {
    event: "call_answered",
    callId: "42",
    direction: "incoming",
    number: "03-1234-5678",
    startedAt: "2026-12-03T10:00:00.000+09:00",
    sentAt: "2026-12-03T10:00:05.000+09:00",
    ringTo: ["yamada@example.com"],
    answeredBy: { email: "yamada@example.com", name: "山田 花子" },
    contact: { id: "7", name: "着信 太郎", company: "株式会社ポップ" },
  };
  const form = (over: Record<string, string | null> = {}) => {
    const f = new URLSearchParams(liveEventFields(event));
    for (const [k, v] of Object.entries(over))
      if (v === null) f.delete(k);
      else f.set(k, v);
    return f;
  };

  it("reads back what the builder wrote", () => {
    expect(parseLiveEvent(form())).toEqual({ ok: true, event });
    expect(LIVE_EVENTS).toEqual(["call_ringing", "call_answered"]);
  });

  it.each([
    ["an unknown event", { "record[event]": "call_ended" }, /record\[event\]/],
    ["no call id", { "record[id]": null }, /record\[id\]/],
    ["a bad direction", { "record[direction]": "sideways" }, /record\[direction\]/],
    ["no sent_at", { "record[sent_at]": null }, /record\[sent_at\]/],
    ["a bad started_at", { "record[started_at]": "yesterday" }, /record\[started_at\]/],
  ])("refuses %s with a reason", (_, over, reason) => {
    const parsed = parseLiveEvent(form(over));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});
