// Record-level permissions (レコードのアクセス権): who may view which record, for users and API tokens.
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";

let env: RunningEmulator;
let app: number;
let full: string;
let viewer: string;

beforeAll(async () => {
  env = await startEmulatorServer();
  for (const code of ["Administrator", "yamada", "suzuki"])
    env.emulator.users.add({
      code,
      password: "pw",
      name: code,
      email: "",
      language: "ja",
      timezone: "Asia/Tokyo",
      isAdmin: code === "Administrator",
    });
  app = env.emulator.apps.create({ name: "権限", properties: form(field.text("部署")) });
  full = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  viewer = env.emulator.tokens.create(app, { view: true, add: false, edit: false, delete: false });
  for (const dept of ["営業", "経理", "秘密", "営業"]) env.emulator.records.add(app, { 部署: { value: dept } }, "Administrator");
});
afterAll(async () => env.close());
afterEach(() => env.emulator.recordAccess.clear(app));

const byToken = (...apiToken: string[]) => new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken } });
const byUser = (username: string) => new KintoneRestAPIClient({ baseUrl: env.url, auth: { username, password: "pw" } });
const ids = async (c: KintoneRestAPIClient) =>
  (await c.record.getRecords({ app, query: "order by $id asc" })).records.map((r) => Number(r.$id?.value));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof KintoneRestAPIError ? [e.status, e.code] : e),
  );
const hideAccounting = () =>
  env.emulator.recordAccess.set(app, [
    { condition: '部署 in ("経理")', viewers: { users: ["suzuki"], tokens: [viewer] } },
    { condition: '部署 = "秘密"', viewers: {} },
  ]);

describe("record access rules", () => {
  it("a token sees only the records it may view: records.json, totalCount, cursors and the seek method leave the rest out", async () => {
    hideAccounting();
    const c = byToken(full);
    expect(await ids(c)).toEqual([1, 4]);
    expect((await c.record.getRecords({ app, totalCount: true })).totalCount).toBe("2");
    expect((await c.record.getAllRecordsWithCursor({ app })).map((r) => r.$id?.value)).toEqual(["4", "1"]);
    expect((await c.record.getAllRecords({ app })).map((r) => r.$id?.value)).toEqual(["1", "4"]);
    expect(await ids(byToken(viewer))).toEqual([1, 2, 4]);
    expect(await ids(byToken(full, viewer))).toEqual([1, 2, 4]); // any listed token lets the request in
  });

  it("users are named by login code, and the first rule whose condition matches decides", async () => {
    hideAccounting();
    expect([await ids(byUser("suzuki")), await ids(byUser("yamada"))]).toEqual([
      [1, 2, 4],
      [1, 4],
    ]);
    env.emulator.recordAccess.set(app, [
      { condition: '部署 in ("経理")', viewers: { users: ["yamada"] } },
      { condition: '部署 in ("経理", "営業")', viewers: { users: ["suzuki"] } },
    ]);
    expect([await ids(byUser("yamada")), await ids(byUser("suzuki"))]).toEqual([
      [2, 3],
      [1, 3, 4],
    ]);
  });

  it("GET record.json of a record one may not view answers 403 CB_NO02, and so do writes to it", async () => {
    hideAccounting();
    const c = byToken(full);
    expect(await failure(c.record.getRecord({ app, id: 2 }))).toEqual([403, "CB_NO02"]);
    expect(await failure(c.record.updateRecord({ app, id: 2, record: { 部署: { value: "x" } } }))).toEqual([403, "CB_NO02"]);
    expect(await failure(c.record.deleteRecords({ app, ids: [1, 2] }))).toEqual([403, "CB_NO02"]);
    expect(env.emulator.records.count(app)).toBe(4);
    const res = await fetch(`${env.url}/k/v1/record.json?app=${app}&id=3`, {
      headers: { "X-Cybozu-API-Token": full, "Accept-Language": "en" },
    });
    expect(((await res.json()) as { message: string }).message).toBe("No privilege to proceed.");
    expect((await c.record.getRecord({ app, id: 1 })).record.部署?.value).toBe("営業");
  });

  it("without rules, or after clear(), every record is visible; a bad condition is refused when set", async () => {
    expect(await ids(byToken(full))).toEqual([1, 2, 3, 4]);
    hideAccounting();
    env.emulator.recordAccess.clear(app);
    expect(await ids(byToken(full))).toEqual([1, 2, 3, 4]);
    expect(() => env.emulator.recordAccess.set(app, [{ condition: 'ない = "x"', viewers: {} }])).toThrow(/ない/);
  });
});
