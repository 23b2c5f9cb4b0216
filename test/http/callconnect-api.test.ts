// The CallConnect simulator over real HTTP: the customer API as docs/callconnect-api.md defines it, and its webhooks.
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

const TOKEN = "test-token-123";
const SECRET = "signing-secret";

interface Received {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  form: URLSearchParams;
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
let replyDelayMs = 0;
let open = 0;
let maxOpen = 0;

const listen = (s: Server) => new Promise<number>((ok) => s.listen(0, "127.0.0.1", () => ok((s.address() as AddressInfo).port)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-sim-"));
  db = new Database(join(dir, "sandbox.db"));
  server = createServer((req, res) => {
    void sim.handle(req, res).then((mine) => mine || res.writeHead(404).end("not mine"));
  });
  const port = await listen(server);
  base = `http://127.0.0.1:${port}/callconnect/`;
  sim = createCallConnectSimulator({
    db,
    publicUrl: `http://127.0.0.1:${port}`,
    apiToken: TOKEN,
    webhookRetryDelaysMs: [20, 40, 80],
    logger: pino({ level: "silent" }),
    slowModeDelayMs: 300,
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    open++;
    maxOpen = Math.max(maxOpen, open);
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ url: req.url ?? "", headers: req.headers, body, form: new URLSearchParams(body) });
      setTimeout(() => {
        open--;
        res.writeHead(replies.shift() ?? 200).end();
      }, replyDelayMs);
    });
  });
  hookUrl = `http://127.0.0.1:${await listen(receiver)}/connector/webhooks/callconnect/1?key=url-secret`;
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
  replyDelayMs = 0;
  maxOpen = 0;
  sim.setWebhookTargets([{ url: hookUrl, signingSecret: SECRET }]);
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

const customer = (over: Record<string, unknown> = {}) => ({
  name: "電話 太郎",
  company: "株式会社テスト",
  email: "taro@example.com",
  address: "東京都新宿区",
  memo: "",
  numbers: ["+81312345678"],
  external_id: "1",
  external_info: "kintone|1|http://localhost/k/1/show#record=1",
  updated_at: "2026-11-24T05:00:00Z",
  ...over,
});

async function endCall(fields: Record<string, string>): Promise<number> {
  const res = await fetch(base + "phone/end", {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ agent: "yamada@example.com", ...fields }).toString(),
  });
  expect(res.status).toBe(303);
  return Number(/calls\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
}

describe("authentication", () => {
  it("answers 401 unauthorized without a token or with a wrong one, 200 with the right one", async () => {
    const none = await fetch(base + "api/v1/ping");
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe("unauthorized");
    expect((await call("GET", "api/v1/ping", undefined, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await call("GET", "api/v1/ping", undefined, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    const ok = await call("GET", "api/v1/ping");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, account: { name: expect.any(String) } });
  });
});

describe("customers", () => {
  it("upserts idempotently: the same body twice leaves one customer", async () => {
    const first = await call("PUT", "api/v1/customers/external/kintone-1-1", customer());
    expect(first.status).toBe(201);
    const again = await call("PUT", "api/v1/customers/external/kintone-1-1", customer());
    expect(again.status).toBe(200);
    expect(again.json!.customer.id).toBe(first.json!.customer.id);
    const all = await call("GET", "api/v1/customers");
    expect(all.json!.customers.filter((c: any) => c.external_key === "kintone-1-1")).toHaveLength(1);
  });

  it("ignores a body older than the stored updated_at and applies a newer one", async () => {
    await call(
      "PUT",
      "api/v1/customers/external/kintone-1-2",
      customer({ name: "新しい名前", numbers: ["+81311112222"], updated_at: "2026-11-24T06:00:00Z" }),
    );
    const stale = await call(
      "PUT",
      "api/v1/customers/external/kintone-1-2",
      customer({ name: "古い名前", numbers: ["+81311112222"], updated_at: "2026-11-24T05:59:59Z" }),
    );
    expect(stale.status).toBe(200);
    expect(stale.json!.customer.name).toBe("新しい名前");
    const newer = await call(
      "PUT",
      "api/v1/customers/external/kintone-1-2",
      customer({ name: "更新後", numbers: ["+81311112222"], updated_at: "2026-11-24T07:00:00Z" }),
    );
    expect(newer.json!.customer.name).toBe("更新後");
    expect((await call("GET", "api/v1/customers/external/kintone-1-2")).json!.customer.name).toBe("更新後");
  });

  it("deletes with 204, then answers 404", async () => {
    await call("PUT", "api/v1/customers/external/kintone-1-3", customer({ numbers: ["+81322223333"] }));
    expect((await call("DELETE", "api/v1/customers/external/kintone-1-3")).status).toBe(204);
    expect((await call("DELETE", "api/v1/customers/external/kintone-1-3")).status).toBe(404);
    const gone = await call("GET", "api/v1/customers/external/kintone-1-3");
    expect(gone.status).toBe(404);
    expect(gone.json!.error.code).toBe("not_found");
    expect((await call("GET", "api/v1/customers?number=03-2222-3333")).json!.customers).toEqual([]);
  });

  it("finds a customer by any notation of its number, and nobody else", async () => {
    await call("PUT", "api/v1/customers/external/kintone-1-4", customer({ name: "表記 花子", numbers: ["06-6123-4567", "090-1234-5678"] }));
    for (const n of [
      "0661234567",
      "06-6123-4567",
      "+81 6 6123 4567",
      "+81661234567",
      "０６－６１２３－４５６７",
      "(06) 6123-4567 内線 12",
      "090 1234 5678",
    ]) {
      const found = await call("GET", `api/v1/customers?number=${encodeURIComponent(n)}`);
      expect(found.status, n).toBe(200);
      expect(
        found.json!.customers.map((c: any) => c.name),
        n,
      ).toEqual(["表記 花子"]);
    }
    const stored = await call("GET", "api/v1/customers/external/kintone-1-4");
    expect(stored.json!.customer.numbers).toEqual(["+81661234567", "+819012345678"]);
    expect((await call("GET", "api/v1/customers?number=06-6123-4568")).json!.customers).toEqual([]);
  });

  it("rejects bad bodies with 400 invalid_request naming the field", async () => {
    const notJson = await call("PUT", "api/v1/customers/external/kintone-1-5", "{oops");
    expect(notJson.status).toBe(400);
    expect(notJson.json!.error.code).toBe("invalid_request");
    const badNumber = await call("PUT", "api/v1/customers/external/kintone-1-5", customer({ numbers: ["not a phone"] }));
    expect(badNumber.status).toBe(400);
    expect(badNumber.json!.error.message).toMatch(/numbers/);
    const noNumber = await call("PUT", "api/v1/customers/external/kintone-1-5", customer({ numbers: [] }));
    expect(noNumber.status).toBe(400);
    const badDate = await call("PUT", "api/v1/customers/external/kintone-1-5", customer({ updated_at: "yesterday" }));
    expect(badDate.json!.error.message).toMatch(/updated_at/);
    const badName = await call("PUT", "api/v1/customers/external/kintone-1-5", customer({ name: 42 }));
    expect(badName.json!.error.message).toMatch(/name/);
    expect((await call("GET", "api/v1/customers?number=abc")).status).toBe(400);
    expect((await call("GET", "api/v1/customers/external/kintone-1-5")).status).toBe(404);
  });
});

describe("calls", () => {
  it("starts one dialing call per Idempotency-Key", async () => {
    const a = await call("POST", "api/v1/calls", { number: "+81355556666", display: "03-5555-6666" }, { "idempotency-key": "click-1" });
    expect(a.status).toBe(201);
    expect(a.json!.call).toMatchObject({ status: "dialing", direction: "outgoing", display: "03-5555-6666" });
    const b = await call("POST", "api/v1/calls", { number: "+81355556666", display: "03-5555-6666" }, { "idempotency-key": "click-1" });
    expect(b.json!.call.id).toBe(a.json!.call.id);
    const listed = await call("GET", "api/v1/calls?number=03-5555-6666&limit=10");
    expect(listed.json!.calls).toHaveLength(1);
    const c = await call("POST", "api/v1/calls", { number: "03-5555-6666" }, { "idempotency-key": "click-2" });
    expect(c.json!.call.id).not.toBe(a.json!.call.id);
    expect((await call("GET", "api/v1/calls?number=%2B81355556666")).json!.calls).toHaveLength(2);
    const reused = await call("POST", "api/v1/calls", { number: "03-9999-0000" }, { "idempotency-key": "click-1" });
    expect(reused.status).toBe(409);
  });

  it("rejects a call without a valid number and a bad limit", async () => {
    expect((await call("POST", "api/v1/calls", { number: "hello" })).status).toBe(400);
    expect((await call("POST", "api/v1/calls", {})).json!.error.message).toMatch(/number/);
    expect((await call("GET", "api/v1/calls?number=0312345678&limit=0")).status).toBe(400);
  });
});

describe("the outage switch on the admin page", () => {
  const outage = (mode: string) =>
    fetch(base + "admin/outage", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ mode }).toString(),
    });

  it("makes the customer API fail (error, down, slow) until switched back, while the phone and admin pages keep working", async () => {
    try {
      expect((await outage("error")).status).toBe(303);
      expect(sim.outageMode()).toBe("error");
      const failed = await call("GET", "api/v1/ping");
      expect(failed.status).toBe(503);
      expect(failed.json!.error.code).toBe("server_error");
      expect((await call("PUT", "api/v1/customers/external/kintone-1-50", customer())).status).toBe(503);
      const admin = await (await fetch(base + "admin")).text();
      expect(admin).toContain("顧客 API は「エラー（503 を返す）」に切り替えてあります。");
      expect((await fetch(base + "phone/calls/999999/deliveries.json")).status).toBe(200);

      expect((await outage("down")).status).toBe(303);
      await expect(call("GET", "api/v1/ping")).rejects.toThrow();

      expect((await outage("slow")).status).toBe(303);
      const t0 = Date.now();
      expect((await call("GET", "api/v1/ping")).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

      expect((await outage("sideways")).status).toBe(400);
      expect(sim.outageMode()).toBe("slow");
    } finally {
      expect((await outage("normal")).status).toBe(303);
    }
    const t1 = Date.now();
    expect((await call("GET", "api/v1/ping")).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(250);
    expect(await (await fetch(base + "admin")).text()).not.toContain('data-testid="outage"');
  });
});

describe("the web phone's 通話終了", () => {
  const phoneCall = async (query: string) => {
    const html = await (await fetch(`${base}phone?${query}`)).text();
    const id = /data-phone-call="(\d+)"/.exec(html)?.[1];
    expect(id).toBeDefined();
    return { id: id!, html };
  };
  const post = (id: string, fields: Record<string, string>) =>
    fetch(`${base}phone/end?call=${id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ call_id: id, number: "03-4444-0001", direction: "outgoing", ...fields }).toString(),
    });
  const stateOf = async (id: string) =>
    ((await call("GET", "api/v1/calls?limit=500")).json!.calls as { id: string; status: string }[]).find((c) => c.id === id)?.status;

  it("brings the form back with the memo and what is wrong, and the call stays in progress", async () => {
    const { id } = await phoneCall(`number=${encodeURIComponent("03-4444-0001")}&user=yamada`);
    const memo = `長いメモ${"x".repeat(10_000)}`;
    const tooLong = await post(id, { result: "answered", agent: "yamada@example.com", memo });
    expect(tooLong.status).toBe(422);
    const html = await tooLong.text();
    expect(html).toContain("メモが長すぎます（10,004文字、10,000文字まで）。4文字減らしてから");
    expect(html).toContain(`>${memo}</textarea>`);
    expect(await stateOf(id)).toBe("dialing");
    const noResult = await post(id, { agent: "yamada@example.com", memo: "<b>x</b>" });
    expect(noResult.status).toBe(422);
    const again = await noResult.text();
    expect(again).toContain("結果（応答・不在・話中）を選んでください。");
    expect(again).toContain("&#60;b&#62;x&#60;/b&#62;</textarea>");
    await sim.drainWebhooks();
    expect(received).toHaveLength(0);

    const ok = await post(id, { result: "answered", agent: "yamada@example.com", memo: "短く", user: "yamada" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/callconnect/phone/calls/${id}?user=yamada`);
    // A second 通話終了 (a resubmit, another tab) shows the ended call and reports nothing twice.
    const twice = await post(id, { result: "answered", agent: "yamada@example.com", memo: "短く" });
    expect(twice.status).toBe(303);
    expect(twice.headers.get("location")).toBe(`/callconnect/phone/calls/${id}`);
    await sim.drainWebhooks();
    expect(received.map((r) => r.form.get("record[event]"))).toEqual(["call_ended", "memo_saved", "transcription_done"]);
  });

  it("answers a memo too large to read with the call's form and a sentence, not a bare error", async () => {
    const { id } = await phoneCall(`number=${encodeURIComponent("03-4444-0009")}&user=yamada`);
    const huge = await post(id, { result: "answered", memo: "x".repeat(1_200_000) });
    expect(huge.status).toBe(413);
    const html = await huge.text();
    expect(html).toContain("メモが長すぎて受け取れませんでした");
    expect(html).toContain(`data-phone-call="${id}"`);
    expect(await stateOf(id)).toBe("dialing");
    expect((await post(id, { result: "busy", user: "yamada" })).status).toBe(303);
  });

  it("credits the call to the agent it was opened for, and to nobody else when none is known", async () => {
    const started = await call("POST", "api/v1/calls", { number: "03-4444-0002", user: "SMITH" });
    expect(started.status).toBe(201);
    expect(started.json!.call.user_email).toBe("smith@example.com");
    expect((await call("POST", "api/v1/calls", { number: "03-4444-0002", user: "ghost" })).status).toBe(400);
    const { id, html } = await phoneCall("user=smith");
    expect(id).toBe(started.json!.call.id);
    expect(html).toMatch(/<option value="smith@example.com" selected>John Smith/);
    expect((await post(id, { number: "03-4444-0002", result: "no_answer", agent: "" })).status).toBe(303);
    const anonymous = await endCall({ number: "03-4444-0003", result: "no_answer", agent: "" });
    await sim.drainWebhooks();
    const byCall = (callId: string) => received.find((r) => r.form.get("record[id]") === callId)!.form;
    expect(byCall(id).get("record[user_email]")).toBe("smith@example.com");
    expect(byCall(id).get("record[user_name]")).toBe("John Smith");
    expect(byCall(String(anonymous)).get("record[user_email]")).toBe("");
    expect(byCall(String(anonymous)).get("record[user_name]")).toBe("");

    sim.setAgents([...sim.agents(), { login: "tanaka", name: "田中 一郎", email: "tanaka@example.com" }]);
    const tanaka = await phoneCall(`number=${encodeURIComponent("03-4444-0004")}&user=tanaka`);
    expect(tanaka.html).toMatch(/<option value="tanaka@example.com" selected>田中 一郎/);
    expect((await post(tanaka.id, { number: "03-4444-0004", result: "busy", agent: "" })).status).toBe(303);
  });

  it("credits an API call to the agent the plugin names as the kintone user who clicked: login first, then e-mail", async () => {
    const byAgent = await call("POST", "api/v1/calls", { number: "03-4444-0005", agent: { code: "nobody", email: "YAMADA@example.com" } });
    expect(byAgent.status).toBe(201);
    expect(byAgent.json!.call.user_email).toBe("yamada@example.com");
    expect((await call("POST", "api/v1/calls", { number: "03-4444-0006", agent: { code: "ghost", email: "" } })).status).toBe(400);
  });
});

describe("injected faults", () => {
  it("plays 5xx bursts, 429 with Retry-After, slow answers and dropped connections, then serves again", async () => {
    const before = sim.apiRequestCount();
    sim.injectFaults([
      { path: "api/v1/customers", status: 503, times: 2 },
      { status: 429, retryAfterSeconds: 7 },
      { delayMs: 150 },
      { drop: true },
    ]);
    expect((await call("GET", "api/v1/ping")).status).toBe(429); // the customers-only burst is skipped
    expect((await call("GET", "api/v1/customers?number=0312345678")).status).toBe(503);
    const second = await call("GET", "api/v1/customers?number=0312345678");
    expect(second.status).toBe(503);
    expect(second.json!.error.code).toBe("server_error");
    const t0 = Date.now();
    expect((await call("GET", "api/v1/ping")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await expect(call("GET", "api/v1/ping")).rejects.toThrow();
    expect((await call("GET", "api/v1/ping")).status).toBe(200);
    expect(sim.apiRequestCount() - before).toBe(6);
  });

  it("answers 429 with the Retry-After header", async () => {
    sim.injectFaults([{ status: 429, retryAfterSeconds: 3 }]);
    const limited = await call("GET", "api/v1/ping");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.json!.error.code).toBe("rate_limited");
    sim.injectFaults([{ status: 500, times: 5 }]);
    sim.clearFaults();
    expect((await call("GET", "api/v1/ping")).status).toBe(200);
  });
});

describe("webhooks", () => {
  it("sends call_ended, memo_saved, transcription_done as signed form posts with two recordings after a hold", async () => {
    await call(
      "PUT",
      "api/v1/customers/external/kintone-1-9",
      customer({ name: "受信 次郎", numbers: ["03-7777-8888"], external_id: "9" }),
    );
    const started = await call("POST", "api/v1/calls", { number: "03-7777-8888" }, { "idempotency-key": "hook-1" });
    const id = await endCall({
      call_id: started.json!.call.id,
      number: "03-7777-8888",
      result: "answered",
      memo: "折り返し希望",
      hold: "1",
    });
    await sim.drainWebhooks();
    expect(received.map((r) => r.form.get("record[event]"))).toEqual(["call_ended", "memo_saved", "transcription_done"]);
    for (const r of received) {
      expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(r.url).toContain("key=url-secret");
      const expected = `sha256=${createHmac("sha256", SECRET).update(r.body).digest("hex")}`;
      expect(r.headers["x-callconnect-signature"]).toBe(expected);
      expect(r.form.get("record[id]")).toBe(String(id));
      expect(r.form.get("record[status]")).toBe("200");
      expect(r.form.get("contact[name]")).toBe("受信 次郎");
      expect(r.form.get("contact[external_id]")).toBe("9");
      expect(r.form.get("contact[number]")).toBe("03-7777-8888");
      expect(r.form.get("record[user_email]")).toBe("yamada@example.com");
    }
    const urls = received[0]!.form.getAll("record[recording_urls][]");
    expect(urls).toHaveLength(2);
    const wav = await fetch(urls[1]!);
    expect(wav.headers.get("content-type")).toBe("audio/wav");
    expect(
      Buffer.from(await wav.arrayBuffer())
        .subarray(0, 4)
        .toString("ascii"),
    ).toBe("RIFF");
    expect(received[1]!.form.get("record[memo]")).toBe("折り返し希望");
    expect(received[2]!.form.get("record[transcription]")).toMatch(/受信 次郎/);
    expect(received[0]!.form.has("record[transcription]")).toBe(false);
    const status = (await (await fetch(`${base}phone/calls/${id}/deliveries.json`)).json()) as any;
    expect(status.overall).toMatch(/送信済み/);
  });

  it("reports an unanswered call from an unknown number as call_missed only, without recordings", async () => {
    const id = await endCall({ number: "080-1111-2222", direction: "incoming", result: "no_answer" });
    await sim.drainWebhooks();
    expect(received).toHaveLength(1);
    const form = received[0]!.form;
    expect(form.get("record[event]")).toBe("call_missed");
    expect(form.get("record[status]")).toBe("101");
    expect(form.get("record[direction]")).toBe("incoming");
    expect(form.get("record[duration]")).toBe("0");
    expect(form.get("record[id]")).toBe(String(id));
    expect(form.get("contact[id]")).toBe("");
    expect(form.get("contact[number]")).toBe("080-1111-2222");
    expect(form.getAll("record[recording_urls][]")).toEqual([]);
  });

  it("retries on 500 and then succeeds, recording the attempts", async () => {
    replies.push(500, 503);
    const id = await endCall({ number: "03-1212-3434", result: "busy" });
    await sim.drainWebhooks();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(received.map((r) => r.headers["x-callconnect-delivery"])).size).toBe(1);
    const status = (await (await fetch(`${base}phone/calls/${id}/deliveries.json`)).json()) as any;
    expect(status.deliveries[0]).toMatchObject({ state: "sent", attempts: 3, http_status: 200 });
  });

  it("gives up after the last retry, shows 失敗, and does not retry a 4xx", async () => {
    replies.push(500, 500, 500, 500);
    const failed = await endCall({ number: "03-1212-3434", result: "no_answer" });
    await sim.drainWebhooks();
    expect(received).toHaveLength(4);
    const status = (await (await fetch(`${base}phone/calls/${failed}/deliveries.json`)).json()) as any;
    expect(status.overall).toMatch(/失敗/);
    received.length = 0;
    replies.push(403);
    await endCall({ number: "03-1212-3434", result: "no_answer" });
    await sim.drainWebhooks();
    expect(received).toHaveLength(1);
  });

  it("reports a burst of calls in parallel while each call's events stay in order", async () => {
    replyDelayMs = 30;
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => endCall({ number: `03-4000-${String(1000 + i)}`, result: "answered", memo: `m${i}` })),
    );
    await sim.drainWebhooks();
    expect(received).toHaveLength(36);
    expect(maxOpen).toBeGreaterThan(1);
    expect(maxOpen).toBeLessThanOrEqual(8);
    for (const id of ids) {
      const events = received.filter((r) => r.form.get("record[id]") === String(id)).map((r) => r.form.get("record[event]"));
      expect(events, `call ${id}`).toEqual(["call_ended", "memo_saved", "transcription_done"]);
    }
  });

  it("retries a target that refuses connections and records why it failed, without the key", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((ok) => closed.close(ok));
    sim.setWebhookTargets([{ url: `http://127.0.0.1:${port}/hook?key=closed-secret` }]);
    const id = await endCall({ number: "03-1212-3434", result: "no_answer" });
    await sim.drainWebhooks();
    const status = (await (await fetch(`${base}phone/calls/${id}/deliveries.json`)).json()) as any;
    expect(status.deliveries[0]).toMatchObject({ state: "failed", attempts: 4, http_status: null });
    expect(status.deliveries[0].error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(status)).not.toContain("closed-secret");
  });

  it("redirects /callconnect/incoming to an incoming call on the phone page", async () => {
    const res = await fetch(`${base}incoming?number=090-0000-1111`, { redirect: "manual" });
    expect(res.status).toBe(303);
    const html = await (await fetch(new URL(res.headers.get("location")!, base))).text();
    expect(html).toContain("着信中");
    expect(html).toContain("090-0000-1111");
  });

  it("never shows the URL's key on the admin page", async () => {
    const html = await (await fetch(base + "admin")).text();
    expect(html).toContain("/connector/webhooks/callconnect/1");
    expect(html).not.toContain("url-secret");
    expect(html).not.toContain(SECRET);
  });

  it("sets the target from the admin form", async () => {
    const res = await fetch(base + "admin/webhook", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ url: hookUrl.replace("url-secret", "form-secret") }).toString(),
    });
    expect(res.status).toBe(303);
    await endCall({ number: "03-1212-3434", result: "no_answer" });
    await sim.drainWebhooks();
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toContain("key=form-secret");
    expect(received[0]!.headers["x-callconnect-signature"]).toBeUndefined();
    const bad = await fetch(base + "admin/webhook", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "url=javascript%3Aalert(1)",
    });
    expect(bad.status).toBe(400);
  });
});
