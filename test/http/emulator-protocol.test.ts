// The REST protocol around the data as real kintone answers it: languages, required ids, long GETs, concurrency.
import { request } from "node:http";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

let env: RunningEmulator;
let app: number;
let token: string;

beforeAll(async () => {
  env = await startEmulatorServer();
  env.emulator.users.add(ADMINISTRATOR);
  app = env.emulator.apps.create({ name: "規約", properties: form(field.text("名前", { required: true })) });
  token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  for (const name of ["一", "二", "三"]) env.emulator.records.add(app, { 名前: { value: name } }, "Administrator");
});
afterAll(async () => env.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${env.url}/k/v1/${path}`, {
    method,
    headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (res: Response) =>
  (await res.json()) as { code?: string; message?: string; errors?: Record<string, { messages: string[] }> };

describe("messages", () => {
  it("DELETE records.json without ids lists both of kintone's messages (en in the other order)", async () => {
    const ja = await json(await call("DELETE", "records.json", { app }));
    expect([ja.code, ja.errors]).toEqual([
      "CB_VA01",
      { ids: { messages: ["必須です。", "一度に1件から100件までのレコードを削除できます。"] } },
    ]);
    const en = await json(await call("DELETE", "records.json", { app, ids: [] }, { "Accept-Language": "en" }));
    expect(en.errors).toEqual({ ids: { messages: ["Between 1 and 100 records can be deleted at one time.", "Required field."] } });
  });

  it("follows Accept-Language: zh, en and ja (also for *, which fetch sends by default)", async () => {
    const zh = await json(await call("POST", "record.json", { app, record: {} }, { "Accept-Language": "zh-CN,zh;q=0.9" }));
    expect([zh.message, zh.errors]).toEqual(["输入有误。", { "record.名前.value": { messages: ["此为必填项。"] } }]);
    const wrong = { "X-Cybozu-Authorization": Buffer.from("Administrator:nope").toString("base64") };
    const en = await json(await fetch(`${env.url}/k/v1/records.json?app=${app}`, { headers: { ...wrong, "Accept-Language": "en-US" } }));
    expect([en.code, en.message]).toEqual([
      "CB_WA01",
      "Password authentication failed. The value in http header of X-Cybozu-Authorization is not valid.",
    ]);
    const star = await json(await call("POST", "record.json", { app, record: {} }, { "Accept-Language": "*" }));
    expect(star.message).toBe("入力内容が正しくありません。");
  });

  it("answers a missing record with GAIA_RE01 in kintone's words", async () => {
    const ja = await call("GET", `record.json?app=${app}&id=999`);
    expect([ja.status, (await json(ja)).message]).toEqual([404, "指定したレコード（id: 999）が見つかりません。"]);
    const en = await json(await call("GET", `record.json?app=${app}&id=999`, undefined, { "Accept-Language": "en" }));
    expect([en.code, en.message]).toEqual(["GAIA_RE01", "The specified record (ID: 999) is not found."]);
  });
});

describe("long GETs", () => {
  it("answers POST with X-HTTP-Method-Override: GET exactly as the GET, on every GET endpoint", async () => {
    const endpoints: [string, Record<string, string>][] = [
      ["record.json", { app: String(app), id: "2" }],
      ["records.json", { app: String(app), query: "order by $id asc", totalCount: "true" }],
      ["app.json", { id: String(app) }],
      ["apps.json", {}],
      ["app/form/fields.json", { app: String(app) }],
      ["app/form/layout.json", { app: String(app) }],
      ["preview/app/form/fields.json", { app: String(app) }],
      ["preview/app/form/layout.json", { app: String(app) }],
    ];
    const override = { "X-HTTP-Method-Override": "GET" };
    for (const [path, params] of endpoints) {
      // The preview is for app administrators: a token (no app management here) gets CB_NO02.
      const admin: Record<string, string> = path.startsWith("preview/")
        ? { "X-Cybozu-Authorization": Buffer.from("Administrator:sandbox").toString("base64") }
        : {};
      const get = await call("GET", `${path}?${new URLSearchParams(params).toString()}`, undefined, admin);
      const post = await call("POST", path, params, { ...override, ...admin });
      expect([path, post.status, await post.json()]).toEqual([path, get.status, await get.json()]);
    }
    const open = async () => ((await (await call("POST", "records/cursor.json", { app, size: 2 })).json()) as { id: string }).id;
    const [a, b] = [await open(), await open()];
    const viaGet = await (await call("GET", `records/cursor.json?id=${a}`)).json();
    expect(await (await call("POST", "records/cursor.json", { id: b }, override)).json()).toEqual(viaGet);
  });
});

describe("concurrency", () => {
  it("puts X-ConcurrencyLimit-Limit and -Running on every response", async () => {
    const client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    const ok = await call("GET", `records.json?app=${app}`);
    const missing = await call("GET", `record.json?app=${app}&id=999`);
    for (const res of [ok, missing])
      expect([res.headers.get("x-concurrencylimit-limit"), res.headers.get("x-concurrencylimit-running")]).toEqual(["100", "1"]);
    expect((await client.record.getRecords({ app })).records).toHaveLength(3);
  });

  it("answers 429 GAIA_TO04 beyond 100 concurrent requests, with kintone's headers", async () => {
    const port = new URL(env.url).port;
    const held = Array.from({ length: 100 }, () => {
      const req = request({
        host: "localhost",
        port,
        method: "POST",
        path: "/k/v1/record.json",
        headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json", "Content-Length": "1000" },
      });
      req.on("error", () => {});
      req.write("{");
      return req;
    });
    try {
      let res = await call("GET", `records.json?app=${app}`, undefined, { "Accept-Language": "en" });
      for (let tries = 0; res.status !== 429 && tries < 200; tries++) {
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 20));
        res = await call("GET", `records.json?app=${app}`, undefined, { "Accept-Language": "en" });
      }
      const headers = ["x-cybozu-error", "x-concurrencylimit-limit", "x-concurrencylimit-running"].map((h) => res.headers.get(h));
      expect([res.status, headers]).toEqual([429, ["GAIA_TO04", "100", "100"]]);
      expect(await json(res)).toMatchObject({ code: "GAIA_TO04", message: "The number of concurrent API requests exceeds the limit." });
      const ja = await json(await call("GET", `records.json?app=${app}`));
      expect(ja.message).toBe("APIの同時リクエスト数が上限を超えています。");
    } finally {
      for (const req of held) req.destroy();
    }
  });
});

describe("a user kintone does not know", () => {
  it("refuses the whole write with GAIA_IL26 naming the login in the message alone, as kintone does", async () => {
    const users = env.emulator.apps.create({ name: "担当", properties: form(field.text("名前"), field.user("担当者")) });
    const client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "Administrator", password: "sandbox" } });
    const refused = await client.record
      .addRecords({ app: users, records: [{ 名前: { value: "a" } }, { 担当者: { value: [{ code: "ghost" }] } }] })
      .catch((e: unknown) => e as { status: number; code: string; message: string; errors?: unknown });
    expect(refused).toMatchObject({ status: 400, code: "GAIA_IL26" });
    expect((refused as { message: string }).message).toContain("指定したユーザー（code：ghost）が見つかりません。");
    expect((refused as { errors?: unknown }).errors).toBeUndefined();
    expect((await client.record.getRecords({ app: users })).records).toHaveLength(0);
  });
});
