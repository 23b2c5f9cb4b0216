// Emulator behaviour beyond the client libraries: sessions, bulkRequest, cursors, the concurrency cap, persistence.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { createKintoneEmulator } from "../../src/sandbox/kintone-emulator/index.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

let env: RunningEmulator;
let app: number;
let token: string;

beforeAll(async () => {
  env = await startEmulatorServer({ concurrencyLimit: 2 });
  env.emulator.users.add(ADMINISTRATOR);
  env.emulator.users.add({
    code: "agent",
    password: "agentpw",
    name: "担当",
    email: "",
    language: "ja",
    timezone: "Asia/Tokyo",
    isAdmin: false,
  });
  app = env.emulator.apps.create({
    name: "顧客",
    properties: form(field.text("会社名", { required: true }), field.text("コード", { unique: true })),
  });
  token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
});
afterAll(async () => env.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${env.url}/k/v1/${path}`, {
    method,
    headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe("sessions", () => {
  it("acts as the signed-in user from the session cookie and refuses cross-site writes", async () => {
    const sid = env.emulator.sessions.create("agent");
    const cookie = `${env.emulator.sessions.cookieName}=${sid}`;
    const headers = { Cookie: cookie, "Content-Type": "application/json" };
    const ok = await fetch(`${env.url}/k/v1/record.json`, {
      method: "POST",
      headers,
      body: JSON.stringify({ app, record: { 会社名: { value: "セッション" } } }),
    });
    expect(ok.status).toBe(200);
    const { id } = (await ok.json()) as { id: string };
    expect(env.emulator.records.get(app, id)?.作成者?.value).toEqual({ code: "agent", name: "担当" });
    const cross = await fetch(`${env.url}/k/v1/record.json`, {
      method: "POST",
      headers: { ...headers, Origin: "http://evil.example" },
      body: JSON.stringify({ app, record: { 会社名: { value: "x" } } }),
    });
    expect(cross.status).toBe(401);
    env.emulator.sessions.destroy(sid);
    const after = await fetch(`${env.url}/k/v1/records.json?app=${app}`, { headers: { Cookie: cookie } });
    expect(((await after.json()) as { code: string }).code).toBe("CB_AU01");
  });
});

describe("bulkRequest", () => {
  it("runs several requests in one transaction and rolls all back on the first failure", async () => {
    const before = env.emulator.records.count(app);
    const ok = await call("POST", "bulkRequest.json", {
      requests: [
        { method: "POST", api: "/k/v1/record.json", payload: { app, record: { 会社名: { value: "一" }, コード: { value: "B1" } } } },
        {
          method: "PUT",
          api: "/k/v1/record.json",
          payload: { app, updateKey: { field: "コード", value: "B1" }, record: { 会社名: { value: "一改" } } },
        },
      ],
    });
    const body = await json(ok);
    expect(ok.status).toBe(200);
    expect(body.results).toEqual([{ id: expect.any(String), revision: "1" }, { revision: "2" }]);

    const bad = await call("POST", "bulkRequest.json", {
      requests: [
        { method: "POST", api: "/k/v1/record.json", payload: { app, record: { 会社名: { value: "二" } } } },
        { method: "POST", api: "/k/v1/records.json", payload: { app, records: [{ 会社名: { value: "" } }] } },
      ],
    });
    expect(bad.status).toBe(400);
    const results = (await json(bad)).results as Record<string, unknown>[];
    expect(results[0]).toEqual({});
    expect(results[1]).toMatchObject({ code: "CB_VA01", errors: { "records[0].会社名.value": { messages: ["必須です。"] } } });
    expect(env.emulator.records.count(app)).toBe(before + 1);
    const tooMany = await call("POST", "bulkRequest.json", {
      requests: Array.from({ length: 21 }, () => ({ method: "POST", api: "/k/v1/record.json", payload: { app, record: {} } })),
    });
    expect(tooMany.status).toBe(400);
  });
});

describe("cursors", () => {
  it("pages through a snapshot, ends itself, and allows at most 10 live cursors", async () => {
    await call("POST", "records.json", { app, records: Array.from({ length: 7 }, (_, i) => ({ 会社名: { value: `カーソル${i}` } })) });
    const open = await json(
      await call("POST", "records/cursor.json", { app, query: '会社名 like "カーソル" order by $id asc', size: 3, fields: ["会社名"] }),
    );
    expect(open.totalCount).toBe("7");
    const pages: unknown[][] = [];
    for (;;) {
      const page = await json(await call("GET", `records/cursor.json?id=${String(open.id)}`));
      pages.push((page.records as { 会社名: { value: string } }[]).map((r) => r.会社名.value));
      if (!page.next) break;
    }
    expect(pages).toEqual([["カーソル0", "カーソル1", "カーソル2"], ["カーソル3", "カーソル4", "カーソル5"], ["カーソル6"]]);
    expect((await json(await call("GET", `records/cursor.json?id=${String(open.id)}`))).code).toBe("GAIA_RE18");

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(String((await json(await call("POST", "records/cursor.json", { app }))).id));
    const eleventh = await call("POST", "records/cursor.json", { app });
    expect(eleventh.status).toBe(400);
    for (const id of ids) expect((await call("DELETE", "records/cursor.json", { id })).status).toBe(200);
    expect((await call("POST", "records/cursor.json", { app, query: "limit 5" })).status).toBe(400);
  });

  it("expires a cursor after 10 minutes", async () => {
    const { id } = await json(await call("POST", "records/cursor.json", { app, size: 1 }));
    const realNow = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(realNow + 10 * 60_000 + 1_000);
    try {
      expect((await json(await call("GET", `records/cursor.json?id=${String(id)}`))).code).toBe("GAIA_RE18");
    } finally {
      clock.mockRestore();
    }
  });
});

describe("limits", () => {
  it("answers 429 GAIA_TO04 beyond the concurrency cap", async () => {
    // Hold two requests open by sending their bodies slowly.
    const { request } = await import("node:http");
    const port = new URL(env.url).port;
    const held = [0, 1].map(() => {
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
    // Poll: on a busy machine the held requests take a moment to reach the emulator, and to leave it.
    const until = async (status: number): Promise<Response> => {
      for (let tries = 0; ; tries++) {
        const res = await call("GET", `records.json?app=${app}&query=limit%201`);
        if (res.status === status || tries > 200) return res;
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const res = await until(429);
    expect(res.status).toBe(429);
    expect(res.headers.get("x-concurrencylimit-limit")).toBe("2");
    expect((await json(res)).code).toBe("GAIA_TO04");
    for (const req of held) req.destroy();
    expect((await until(200)).status).toBe(200);
  });

  it("answers malformed bodies with CB_VA01, not a server error", async () => {
    for (const [method, path, body] of [
      ["POST", "record.json", { app, record: "x" }],
      ["POST", "records.json", { app, records: [1, null] }],
      ["PUT", "records.json", { app, records: [{ id: 1, record: [] }] }],
      ["PUT", "record.json", { app, updateKey: "コード", record: {} }],
      ["POST", "bulkRequest.json", { requests: ["x"] }],
    ] as const) {
      const res = await call(method, path, body);
      expect([path, res.status, (await json(res)).code]).toEqual([path, 400, "CB_VA01"]);
    }
  });

  it("refuses more than 100 records in one write", async () => {
    const res = await call("POST", "records.json", {
      app,
      records: Array.from({ length: 101 }, (_, i) => ({ 会社名: { value: `x${i}` } })),
    });
    expect(res.status).toBe(400);
  });
});

describe("record values", () => {
  it("replaces a table on PUT: a row naming its id keeps it and the cells left out, rows left out go", async () => {
    const t = env.emulator.apps.create({
      name: "表",
      properties: form(field.subtable("明細", { 品名: field.text("品名"), 数量: field.number("数量") })),
    });
    const tt = env.emulator.tokens.create(t, { view: true, add: true, edit: true, delete: true });
    const h = { "X-Cybozu-API-Token": tt, "Content-Type": "application/json" };
    const row = (品名: string, 数量: string) => ({ value: { 品名: { value: 品名 }, 数量: { value: 数量 } } });
    const { id } = (await (
      await fetch(`${env.url}/k/v1/record.json`, {
        method: "POST",
        headers: h,
        body: JSON.stringify({ app: t, record: { 明細: { value: [row("りんご", "1"), row("みかん", "2")] } } }),
      })
    ).json()) as { id: string };
    type Rows = { id: string; value: Record<string, { value: string }> }[];
    const before = env.emulator.records.get(t, id)?.明細?.value as Rows;
    const keep = before[1] as Rows[number];
    const put = await fetch(`${env.url}/k/v1/record.json`, {
      method: "PUT",
      headers: h,
      body: JSON.stringify({
        app: t,
        id,
        record: { 明細: { value: [{ id: keep.id, value: { 数量: { value: "5" } } }, row("ぶどう", "3")] } },
      }),
    });
    expect(put.status).toBe(200);
    const after = env.emulator.records.get(t, id)?.明細?.value as Rows;
    expect(after.map((r) => [r.id === keep.id, r.value.品名?.value, r.value.数量?.value])).toEqual([
      [true, "みかん", "5"],
      [false, "ぶどう", "3"],
    ]);
    // Inside a table an unreadable number is stored empty; a readable one as Number() reads it.
    await fetch(`${env.url}/k/v1/record.json`, {
      method: "PUT",
      headers: h,
      body: JSON.stringify({ app: t, id, record: { 明細: { value: [row("a", "abc"), row("b", "1.5e1")] } } }),
    });
    expect((env.emulator.records.get(t, id)?.明細?.value as Rows).map((r) => r.value.数量?.value)).toEqual(["", "15"]);
    expect(new Set(after.map((r) => r.id)).size).toBe(2);
  });

  it("files errors under kintone's keys for choices, users and numbers", async () => {
    const k = env.emulator.apps.create({
      name: "キー",
      properties: form(
        field.checkBox("タグ", ["A", "B"], { required: true }),
        field.user("担当", { required: true }),
        field.number("数", { required: true, maxValue: 10 }),
      ),
    });
    const kt = env.emulator.tokens.create(k, { view: true, add: true, edit: true, delete: true });
    const post = (record: unknown, lang = "ja") =>
      fetch(`${env.url}/k/v1/record.json`, {
        method: "POST",
        headers: { "X-Cybozu-API-Token": kt, "Content-Type": "application/json", "Accept-Language": lang },
        body: JSON.stringify({ app: k, record }),
      });
    const missing = (await json(await post({}))).errors as Record<string, { messages: string[] }>;
    expect(Object.keys(missing).sort()).toEqual(["record.タグ.values", "record.担当.values.value", "record.数.value"].sort());
    const wrong = (await json(await post({ タグ: { value: ["A", "X"] }, 担当: { value: [{ code: "agent" }] }, 数: { value: "1,000" } })))
      .errors as Record<string, { messages: string[] }>;
    expect(wrong).toEqual({
      "record.タグ.values[1].value": { messages: ['"X"は選択肢にありません。'] },
      "record.タグ.values": { messages: ["必須です。"] },
      "record[数].value": { messages: ["数字でなければなりません。"] },
      "record.数.value": { messages: ["必須です。"] },
    });
    const big = (await json(await post({ タグ: { value: ["A"] }, 担当: { value: [{ code: "agent" }] }, 数: { value: "11" } }, "en")))
      .errors;
    expect(big).toEqual({ "record.数.value": { messages: ["The value must be 10 or less."] } });
    const ok = await post({ タグ: { value: ["A"] }, 担当: { value: [{ code: "agent" }] }, 数: { value: " 0.5e1 " } });
    const { id } = (await ok.json()) as { id: string };
    expect(env.emulator.records.get(k, id)?.数?.value).toBe("5");
    expect(env.emulator.records.get(k, id)?.担当?.value).toEqual([{ code: "agent", name: "担当" }]);
  });

  it("fills initial values only for fields left out on add: defaults, and now in the user's zone", async () => {
    const d = env.emulator.apps.create({
      name: "初期値",
      properties: form(
        field.text("状態", { defaultValue: "新規" }),
        field.date("日付", { defaultNowValue: true }),
        field.time("時刻", { defaultNowValue: true }),
        field.dateTime("日時", { defaultNowValue: true }),
        field.text("空欄", { defaultValue: "x" }),
      ),
    });
    const before = Date.now();
    const { id } = env.emulator.records.add(d, { 空欄: { value: "" } }, "Administrator");
    const rec = env.emulator.records.get(d, id);
    const tokyo = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(
      before,
    );
    expect(rec?.状態?.value).toBe("新規");
    expect(rec?.空欄?.value).toBe(""); // given as empty: no default
    expect(rec?.日付?.value).toBe(tokyo);
    expect(rec?.時刻?.value).toMatch(/^\d{2}:\d{2}$/);
    expect(Math.abs(Date.parse(String(rec?.日時?.value)) - before)).toBeLessThan(120_000);
    // The copy handed out cannot change the store.
    (rec as Record<string, { value: unknown }>).状態 = { value: "改ざん" };
    expect(env.emulator.records.get(d, id)?.状態?.value).toBe("新規");
  });

  it("checks minLength on empty and omitted values too, as kintone does", async () => {
    const m = env.emulator.apps.create({ name: "長さ", properties: form(field.text("コード", { minLength: 3 }), field.text("備考")) });
    expect(() => env.emulator.records.add(m, { 備考: { value: "x" } }, "Administrator")).toThrow();
    expect(() => env.emulator.records.add(m, { コード: { value: "" } }, "Administrator")).toThrow();
    expect(env.emulator.records.add(m, { コード: { value: "abc" } }, "Administrator").revision).toBe("1");
  });
});

describe("persistence", () => {
  it("keeps apps, records, tokens and users in the sqlite file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-persist-"));
    const file = join(dir, "db.sqlite");
    try {
      let db = new Database(file);
      let emu = createKintoneEmulator({ db, publicUrl: "http://localhost" });
      emu.users.add({ code: "u", password: "p", name: "U", email: "", language: "en", timezone: "UTC", isAdmin: false });
      const a = emu.apps.create({ name: "残る", properties: form(field.text("名前", { unique: true })) });
      const t = emu.tokens.create(a, { view: true, add: false, edit: false, delete: false });
      const { id } = emu.records.add(a, { 名前: { value: "一件目" } }, "u");
      db.close();

      db = new Database(file);
      emu = createKintoneEmulator({ db, publicUrl: "http://localhost" });
      expect(emu.apps.name(a)).toBe("残る");
      expect(emu.records.get(a, id)?.名前?.value).toBe("一件目");
      expect(emu.users.verifyPassword("u", "p")?.name).toBe("U");
      expect(() => emu.records.add(a, { 名前: { value: "一件目" } }, "u")).toThrow(/exists|重複|invalid/i);
      const server = createServer((req, res) => void emu.handle(req, res));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/k/v1/records.json?app=${a}`, {
        headers: { "X-Cybozu-API-Token": t },
      });
      expect(((await res.json()) as { records: unknown[] }).records).toHaveLength(1);
      const next = emu.records.add(a, { 名前: { value: "二件目" } }, "u");
      expect(Number(next.id)).toBe(Number(id) + 1);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
