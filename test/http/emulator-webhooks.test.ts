// Webhooks: kintone's payloads for add/update/delete through REST, sent after the response, awaited by drainWebhooks.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

let env: RunningEmulator;
let receiver: Server;
let receiverUrl: string;
let app: number;
let token: string;
const received: { path: string; contentType: string; body: Record<string, unknown> }[] = [];
let holdResponses: Promise<void> | null = null;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        contentType: String(req.headers["content-type"]),
        body: JSON.parse(text) as Record<string, unknown>,
      });
      void (holdResponses ?? Promise.resolve()).then(() => res.writeHead(200).end("ok"));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  env = await startEmulatorServer();
  env.emulator.users.add(ADMINISTRATOR);
  app = env.emulator.apps.create({ name: "顧客管理", properties: form(field.text("会社名"), field.text("電話番号")) });
  token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  env.emulator.webhooks.add(app, { url: `${receiverUrl}/hook/secret-1?k=v`, events: ["ADD_RECORD", "UPDATE_RECORD", "DELETE_RECORD"] });
  env.emulator.webhooks.add(app, { url: `${receiverUrl}/only-deletes`, events: ["DELETE_RECORD"] });
});
afterAll(async () => {
  await env.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const api = (method: string, path: string, body: unknown) =>
  fetch(`${env.url}/k/v1/${path}`, {
    method,
    headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("webhooks", () => {
  it("posts kintone's add, update and delete payloads to the URLs registered for each event", async () => {
    received.length = 0;
    const { id } = (await (await api("POST", "record.json", { app, record: { 会社名: { value: "株式会社フック" } } })).json()) as {
      id: string;
    };
    await api("PUT", "record.json", { app, id, record: { 電話番号: { value: "03-0000-0000" } } });
    await api("DELETE", "records.json", { app, ids: [id] });
    await env.emulator.drainWebhooks();

    expect(received.map((r) => [r.path, r.body.type])).toEqual([
      ["/hook/secret-1?k=v", "ADD_RECORD"],
      ["/hook/secret-1?k=v", "UPDATE_RECORD"],
      ["/hook/secret-1?k=v", "DELETE_RECORD"],
      ["/only-deletes", "DELETE_RECORD"],
    ]);
    const [add, update, del] = received.map((r) => r.body);
    expect(received[0]?.contentType).toContain("application/json");
    expect(add).toMatchObject({
      type: "ADD_RECORD",
      app: { id: String(app), name: "顧客管理" },
      recordTitle: "株式会社フック",
      url: `${env.url}/k/${app}/show#record=${id}`,
    });
    expect((add?.record as Record<string, unknown>).会社名).toEqual({ type: "SINGLE_LINE_TEXT", value: "株式会社フック" });
    expect((add?.record as Record<string, unknown>).$id).toEqual({ type: "__ID__", value: id });
    expect(typeof add?.id).toBe("string");
    expect(add?.id).not.toBe(update?.id);
    expect((update?.record as Record<string, { value: unknown }>).電話番号?.value).toBe("03-0000-0000");
    expect((update?.record as Record<string, { value: unknown }>).$revision?.value).toBe("2");
    expect(del).toMatchObject({ type: "DELETE_RECORD", recordId: id, deletedBy: { code: "Administrator", name: "管理者" } });
    expect(String(del?.deletedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("sends nothing for records the admin hook adds (seeds)", async () => {
    received.length = 0;
    env.emulator.records.add(app, { 会社名: { value: "シード" } }, "Administrator");
    await env.emulator.drainWebhooks();
    expect(received).toHaveLength(0);
  });

  it("answers the API before the receiver answers the webhook", async () => {
    received.length = 0;
    let release = () => {};
    holdResponses = new Promise<void>((resolve) => (release = resolve));
    const res = await api("POST", "record.json", { app, record: { 会社名: { value: "遅い受信側" } } });
    expect(res.status).toBe(200);
    let drained = false;
    const drain = env.emulator.drainWebhooks().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(drained).toBe(false);
    release();
    holdResponses = null;
    await drain;
    expect(received.map((r) => r.body.type)).toEqual(["ADD_RECORD"]);
  });

  it("sends nothing for writes that fail, and logs delivery failures without the URL's path", async () => {
    received.length = 0;
    const dupApp = env.emulator.apps.create({ name: "失敗", properties: form(field.text("コード", { unique: true, required: true })) });
    const dupToken = env.emulator.tokens.create(dupApp, { view: true, add: true, edit: true, delete: true });
    env.emulator.webhooks.add(dupApp, { url: "http://127.0.0.1:9/secret-path", events: ["ADD_RECORD"] });
    env.emulator.webhooks.add(dupApp, { url: `${receiverUrl}/dup`, events: ["ADD_RECORD"] });
    const post = (records: unknown[]) =>
      fetch(`${env.url}/k/v1/records.json`, {
        method: "POST",
        headers: { "X-Cybozu-API-Token": dupToken, "Content-Type": "application/json" },
        body: JSON.stringify({ app: dupApp, records }),
      });
    expect((await post([{ コード: { value: "A" } }, { コード: { value: "A" } }])).status).toBe(400);
    await env.emulator.drainWebhooks();
    expect(received).toHaveLength(0);

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect((await post([{ コード: { value: "B" } }])).status).toBe(200);
      await env.emulator.drainWebhooks();
      expect(received.map((r) => r.path)).toEqual(["/dup"]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("http://127.0.0.1:9");
      expect(String(warn.mock.calls[0]?.[0])).not.toContain("secret-path");
    } finally {
      warn.mockRestore();
    }
  });
});
