// The official @kintone/rest-api-client works against the emulator unchanged: records, cursors, errors, auth.
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";

let env: RunningEmulator;
let app: number;
let otherApp: number;
let fullToken: string;
let viewToken: string;
let otherToken: string;

const customers = form(
  field.text("会社名", { required: true, maxLength: 20 }),
  field.text("顧客コード", { unique: true }),
  field.text("電話番号"),
  field.number("売上"),
  field.dropDown("区分", ["見込み", "既存"]),
  field.subtable("対応履歴", { 対応日: field.date("対応日"), メモ: field.multiLine("メモ") }),
);

async function rejection(p: Promise<unknown>): Promise<KintoneRestAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KintoneRestAPIError);
  return err as KintoneRestAPIError;
}

beforeAll(async () => {
  env = await startEmulatorServer();
  env.emulator.users.add({
    code: "Administrator",
    password: "sandbox",
    name: "管理者",
    email: "admin@example.com",
    language: "ja",
    timezone: "Asia/Tokyo",
    isAdmin: true,
  });
  env.emulator.users.add({
    code: "agent",
    password: "agentpw",
    name: "佐藤 花子",
    email: "agent@example.com",
    language: "en",
    timezone: "Asia/Tokyo",
    isAdmin: false,
  });
  app = env.emulator.apps.create({ name: "顧客管理", properties: customers });
  otherApp = env.emulator.apps.create({ name: "通話履歴", properties: form(field.text("メモ")) });
  fullToken = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  viewToken = env.emulator.tokens.create(app, { view: true, add: false, edit: false, delete: false });
  otherToken = env.emulator.tokens.create(otherApp, { view: true, add: true, edit: true, delete: true });
});
afterAll(async () => env.close());

const client = (apiToken: string | string[]) => new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken } });

describe("records through an API token", () => {
  it("adds, reads, updates and deletes a record with kintone's shapes", async () => {
    const c = client(fullToken);
    const { id, revision } = await c.record.addRecord({
      app,
      record: {
        会社名: { value: "株式会社サンプル" },
        売上: { value: 1200 },
        区分: { value: "既存" },
        対応履歴: { value: [{ value: { 対応日: { value: "2026-11-01" }, メモ: { value: "初回" } } }] },
      },
    });
    expect(revision).toBe("1");
    const { record } = await c.record.getRecord({ app, id });
    expect(record.会社名).toEqual({ type: "SINGLE_LINE_TEXT", value: "株式会社サンプル" });
    expect(record.売上).toEqual({ type: "NUMBER", value: "1200" });
    expect(record.区分).toEqual({ type: "DROP_DOWN", value: "既存" });
    expect(record.レコード番号).toEqual({ type: "RECORD_NUMBER", value: id });
    expect(record.$id).toEqual({ type: "__ID__", value: id });
    expect(record.作成者).toEqual({ type: "CREATOR", value: { code: "Administrator", name: "管理者" } });
    expect(record.作成日時?.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    const rows = record.対応履歴?.value as { id: string; value: Record<string, { type: string; value: unknown }> }[];
    expect(rows[0]?.id).toMatch(/^\d+$/);
    expect(rows[0]?.value.対応日).toEqual({ type: "DATE", value: "2026-11-01" });

    const updated = await c.record.updateRecord({ app, id, record: { 売上: { value: "1500.5" } }, revision: 1 });
    expect(updated.revision).toBe("2");
    expect((await c.record.getRecord({ app, id })).record.売上?.value).toBe("1500.5");

    await c.record.deleteRecords({ app, ids: [Number(id)] });
    const gone = await rejection(c.record.getRecord({ app, id }));
    expect(gone.code).toBe("GAIA_RE01");
    expect(gone.status).toBe(404);
  });

  it("refuses a stale revision with GAIA_CO02", async () => {
    const c = client(fullToken);
    const { id } = await c.record.addRecord({ app, record: { 会社名: { value: "リビジョン商事" } } });
    await c.record.updateRecord({ app, id, record: { 電話番号: { value: "03-1111-2222" } } });
    const err = await rejection(c.record.updateRecord({ app, id, revision: 1, record: { 電話番号: { value: "x" } } }));
    expect(err.code).toBe("GAIA_CO02");
    expect(err.status).toBe(409);
  });

  it("updates by a unique updateKey and upserts", async () => {
    const c = client(fullToken);
    await c.record.addRecord({ app, record: { 会社名: { value: "キー工業" }, 顧客コード: { value: "C-001" } } });
    await c.record.updateRecord({
      app,
      updateKey: { field: "顧客コード", value: "C-001" },
      record: { 電話番号: { value: "06-1234-5678" } },
    });
    const { records } = await c.record.getRecords({ app, query: '顧客コード = "C-001"' });
    expect(records).toHaveLength(1);
    expect(records[0]?.電話番号?.value).toBe("06-1234-5678");
    const up = await c.record.upsertRecord({
      app,
      updateKey: { field: "顧客コード", value: "C-002" },
      record: { 会社名: { value: "新規" } },
    });
    expect((await c.record.getRecord({ app, id: up.id })).record.顧客コード?.value).toBe("C-002");
    const err = await rejection(c.record.updateRecord({ app, updateKey: { field: "電話番号", value: "06-1234-5678" }, record: {} }));
    expect(err.code).toBe("CB_VA01");
  });

  it("reports validation errors under kintone's keys, in the request's language", async () => {
    const c = client(fullToken);
    const err = await rejection(
      c.record.addRecord({ app, record: { 会社名: { value: "" }, 売上: { value: "12a" }, 区分: { value: "不明" } } }),
    );
    expect(err.code).toBe("CB_VA01");
    expect(err.status).toBe(400);
    // Keys as kintone files them: an unreadable number goes under record[code].value.
    expect(Object.keys(err.errors as object).sort()).toEqual(["record.会社名.value", "record.区分.value", "record[売上].value"].sort());
    expect(err.message).toContain("入力内容が正しくありません");
    const tooLong = await rejection(c.record.addRecord({ app, record: { 会社名: { value: "あ".repeat(21) } } }));
    expect(Object.keys(tooLong.errors as object)).toEqual(["record.会社名.value"]);
    await c.record.addRecord({ app, record: { 会社名: { value: "一意" }, 顧客コード: { value: "U-1" } } });
    const dup = await rejection(
      c.record.addRecords({ app, records: [{ 会社名: { value: "a" } }, { 会社名: { value: "b" }, 顧客コード: { value: "U-1" } }] }),
    );
    expect(Object.keys(dup.errors as object)).toEqual(["records[1].顧客コード.value"]);
    const res = await fetch(`${env.url}/k/v1/record.json`, {
      method: "POST",
      headers: { "X-Cybozu-API-Token": fullToken, "Content-Type": "application/json", "Accept-Language": "en" },
      body: JSON.stringify({ app, record: { 会社名: { value: "" } } }),
    });
    const body = (await res.json()) as { code: string; message: string; errors: Record<string, { messages: string[] }> };
    expect(res.status).toBe(400);
    expect(body.message).toBe("Missing or invalid input.");
    expect(body.errors["record.会社名.value"]?.messages).toEqual(["Required."]);
  });

  it("reads every record with the seek method, the cursor API and offsets, and adds more than 100 at once", async () => {
    const c = client(fullToken);
    const before = env.emulator.records.count(app);
    const records = Array.from({ length: 1234 }, (_, i) => ({ 会社名: { value: `一括${i}` }, 売上: { value: i } }));
    const added = await c.record.addAllRecords({ app, records });
    expect(added.records).toHaveLength(1234);
    expect(env.emulator.records.count(app)).toBe(before + 1234);

    const seek = await c.record.getAllRecords({ app, condition: '会社名 like "一括"', fields: ["売上"] });
    expect(seek).toHaveLength(1234);
    expect(seek.map((r) => Number(r.売上?.value))).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    const cursor = await c.record.getAllRecordsWithCursor({ app, query: "売上 >= 1000 order by 売上 desc" });
    expect(cursor.map((r) => r.売上?.value)).toEqual(Array.from({ length: 234 }, (_, i) => String(1233 - i)));
    const offset = await c.record.getAllRecordsWithOffset({ app, condition: '会社名 like "一括"', orderBy: "売上 asc" });
    expect(offset).toHaveLength(1234);
    const page = await c.record.getRecords({ app, query: '会社名 like "一括" limit 3 offset 5', totalCount: true });
    expect(page.totalCount).toBe("1234");
    expect(page.records.map((r) => r.会社名?.value)).toEqual(["一括1228", "一括1227", "一括1226"]); // $id desc by default
  });

  it("updates and deletes in bulk, all or nothing", async () => {
    const c = client(fullToken);
    const { ids } = await c.record.addRecords({ app, records: [{ 会社名: { value: "甲" } }, { 会社名: { value: "乙" } }] });
    const err = await rejection(
      c.record.updateRecords({
        app,
        records: [
          { id: ids[0] as string, record: { 電話番号: { value: "1" } } },
          { id: ids[1] as string, record: { 会社名: { value: "" } } },
        ],
      }),
    );
    expect(Object.keys(err.errors as object)).toEqual(["records[1].会社名.value"]);
    expect((await c.record.getRecord({ app, id: ids[0] as string })).record.電話番号?.value).toBe("");
    const done = await c.record.updateRecords({ app, records: ids.map((id) => ({ id, record: { 電話番号: { value: "2" } } })) });
    expect(done.records.map((r) => r.revision)).toEqual(["2", "2"]);
    const stale = await rejection(c.record.deleteRecords({ app, ids: ids.map(Number), revisions: [2, 1] }));
    expect(stale.code).toBe("GAIA_CO02");
    await c.record.deleteRecords({ app, ids: ids.map(Number), revisions: [2, 2] });
    expect(env.emulator.records.get(app, ids[0] as string)).toBeNull();
  });

  it("answers bad queries and unknown fields with kintone's errors", async () => {
    const c = client(fullToken);
    // Codes as real kintone answers them: syntax is CB_VA01 with errors.query.
    const syntax = await rejection(c.record.getRecords({ app, query: '会社名 = "a" and' }));
    expect([syntax.code, syntax.status, Object.keys(syntax.errors as object)]).toEqual(["CB_VA01", 400, ["query"]]);
    const unknown = await rejection(c.record.getRecords({ app, query: 'ない = "a"' }));
    expect(unknown.code).toBe("GAIA_IQ11");
    expect(unknown.message).toContain("ない");
    expect((await rejection(c.record.getRecords({ app, query: '対応日 = "2026-11-01"' }))).code).toBe("GAIA_IQ07"); // = inside a table
    expect((await rejection(c.record.getRecords({ app, query: '区分 = "既存"' }))).code).toBe("GAIA_IQ03");
    expect((await rejection(c.record.getRecords({ app, query: '区分 in ("ない選択肢")' }))).code).toBe("GAIA_IQ10");
    expect((await rejection(c.record.getRecords({ app, query: "limit 501" }))).code).toBe("GAIA_QU01");
    const offset = await rejection(c.record.getRecords({ app, query: "offset 10001" }));
    expect(offset.code).toBe("GAIA_QU02");
    expect(offset.message).toContain("10,000");
  });
});

describe("permissions and authentication", () => {
  it("enforces each token's own permissions", async () => {
    const v = client(viewToken);
    await v.record.getRecords({ app });
    const denied = await rejection(v.record.addRecord({ app, record: { 会社名: { value: "x" } } }));
    expect(denied.code).toBe("CB_NO02");
    expect(denied.status).toBe(403);
    const wrongApp = await rejection(client(otherToken).record.getRecords({ app }));
    expect(wrongApp.status).toBeGreaterThanOrEqual(400);
    // Several tokens: the union of their grants per app.
    const both = client([viewToken, otherToken]);
    await both.record.addRecord({ app: otherApp, record: { メモ: { value: "ok" } } });
    expect((await rejection(both.record.addRecord({ app, record: { 会社名: { value: "x" } } }))).code).toBe("CB_NO02");
  });

  it("accepts password auth and rejects a wrong password and no credentials", async () => {
    const agent = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "agent", password: "agentpw" } });
    const { id } = await agent.record.addRecord({ app, record: { 会社名: { value: "担当者登録" } } });
    expect((await agent.record.getRecord({ app, id })).record.作成者?.value).toEqual({ code: "agent", name: "佐藤 花子" });
    const wrong = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "agent", password: "nope" } });
    const err = await rejection(wrong.record.getRecords({ app }));
    expect([err.code, err.status]).toEqual(["CB_WA01", 401]);
    const res = await fetch(`${env.url}/k/v1/records.json?app=${app}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("CB_AU01");
  });

  it("requires the Basic layer when the tenant has one", async () => {
    env.emulator.setBasicAuth({ user: "tenant", password: "basicpw" });
    try {
      const withBasic = new KintoneRestAPIClient({
        baseUrl: env.url,
        auth: { apiToken: fullToken },
        basicAuth: { username: "tenant", password: "basicpw" },
      });
      await withBasic.record.getRecords({ app, query: "limit 1" });
      const err = await rejection(client(fullToken).record.getRecords({ app, query: "limit 1" }));
      expect(err.status).toBe(401);
    } finally {
      env.emulator.setBasicAuth(null);
    }
  });

  it("serves guest-space paths and X-HTTP-Method-Override", async () => {
    const guest = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: fullToken }, guestSpaceId: 3 });
    expect((await guest.record.getRecords({ app, query: "limit 1" })).records).toHaveLength(1);
    const res = await fetch(`${env.url}/k/v1/records.json`, {
      method: "POST",
      headers: { "X-Cybozu-API-Token": fullToken, "X-HTTP-Method-Override": "GET", "Content-Type": "application/json" },
      body: JSON.stringify({ app, query: "limit 2", fields: ["$id"] }),
    });
    const body = (await res.json()) as { records: Record<string, unknown>[] };
    expect(body.records.map((r) => Object.keys(r))).toEqual([["$id"], ["$id"]]);
    // Lists in a query string: qs's fields[0]=…, fields[]=… and repeated keys.
    for (const list of ["fields[0]=$id&fields[1]=会社名", "fields[]=$id&fields[]=会社名", "fields=$id&fields=会社名"]) {
      const r = await fetch(`${env.url}/k/v1/records.json?app=${app}&query=limit%201&${encodeURI(list)}`, {
        headers: { "X-Cybozu-API-Token": fullToken },
      });
      expect(((await r.json()) as { records: Record<string, unknown>[] }).records.map((x) => Object.keys(x).sort())).toEqual([
        ["$id", "会社名"].sort(),
      ]);
    }
    const bad = await fetch(`${env.url}/k/v1/record.json`, { method: "POST", headers: { "X-Cybozu-API-Token": fullToken }, body: "{nope" });
    expect(((await bad.json()) as { code: string }).code).toBe("CB_IJ01");
  });
});

describe("apps and forms", () => {
  it("describes fields with the system fields, the layout, the app and the app list", async () => {
    const admin = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "Administrator", password: "sandbox" } });
    const { properties } = await admin.app.getFormFields({ app });
    expect(properties.会社名).toMatchObject({ type: "SINGLE_LINE_TEXT", required: true, maxLength: "20" });
    expect(Object.values(properties).map((p) => p.type)).toEqual(
      expect.arrayContaining(["RECORD_NUMBER", "CREATOR", "CREATED_TIME", "MODIFIER", "UPDATED_TIME"]),
    );
    expect((properties.対応履歴 as { fields: Record<string, unknown> }).fields).toHaveProperty("メモ");
    expect((await admin.app.getFormLayout({ app })).layout).toEqual([]);
    expect(await admin.app.getApp({ id: app })).toMatchObject({ appId: String(app), name: "顧客管理" });
    expect((await admin.app.getApps({})).apps.map((a) => a.name)).toEqual(["顧客管理", "通話履歴"]);
    expect((await admin.app.getApps({ name: "通話" })).apps.map((a) => a.appId)).toEqual([String(otherApp)]);
    expect((await admin.app.getApps({ ids: [app], limit: 1 })).apps).toHaveLength(1);
    expect((await rejection(admin.app.getApp({ id: 999 }))).code).toBe("GAIA_AP01");
    // A token sees only its own app.
    expect((await client(otherToken).app.getApps({})).apps.map((a) => a.appId)).toEqual([String(otherApp)]);
  });

  it("names system fields in English for an app made in English, and queries them by those codes", async () => {
    const en = env.emulator.apps.create({ name: "Customers", properties: form(field.text("Company")), systemFieldLanguage: "en" });
    const t = env.emulator.tokens.create(en, { view: true, add: true, edit: true, delete: true });
    const c = client(t);
    const { properties } = await c.app.getFormFields({ app: en });
    expect(
      Object.entries(properties)
        .filter(([, p]) => p.type === "UPDATED_TIME" || p.type === "RECORD_NUMBER")
        .map(([code]) => code)
        .sort(),
    ).toEqual(["Record_number", "Updated_datetime"]);
    const { id } = await c.record.addRecord({ app: en, record: { Company: { value: "Acme" } } });
    const { records } = await c.record.getRecords({
      app: en,
      query: 'Updated_datetime >= "2000-01-01T00:00:00Z" order by Record_number desc',
    });
    expect(records.map((r) => [r.Record_number?.value, r.Created_by?.type])).toEqual([[id, "CREATOR"]]);
    expect(records[0]).not.toHaveProperty("更新日時");
  });
});
