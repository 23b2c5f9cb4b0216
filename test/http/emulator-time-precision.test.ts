// 作成日時/更新日時: shown to the minute as kintone does; compared to the second or the minute (kintone's is unknown).
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import type { KintoneEmulatorOptions } from "../../src/sandbox/kintone-emulator/types.js";

interface Env {
  server: RunningEmulator;
  client: KintoneRestAPIClient;
  app: number;
  at(iso: string): void;
}
const envs: Env[] = [];

async function start(options: Omit<KintoneEmulatorOptions, "db" | "publicUrl" | "clock"> = {}): Promise<Env> {
  let now = new Date("2026-11-27T10:20:37Z");
  const server = await startEmulatorServer({ ...options, clock: () => now });
  server.emulator.users.add({
    code: "Administrator",
    password: "pw",
    name: "管理者",
    email: "",
    language: "ja",
    timezone: "UTC",
    isAdmin: true,
  });
  const app = server.emulator.apps.create({ name: "時刻", properties: form(field.text("名前")) });
  const token = server.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  const env = {
    server,
    app,
    client: new KintoneRestAPIClient({ baseUrl: server.url, auth: { apiToken: token } }),
    at: (iso: string) => (now = new Date(iso)),
  };
  envs.push(env);
  return env;
}
let second: Env;
let minute: Env;

beforeAll(async () => {
  second = await start({ timePrecision: "second" });
  minute = await start({ timePrecision: "minute" });
});
afterAll(async () => {
  for (const env of envs) await env.server.close();
});

const ids = async (env: Env, query: string) =>
  (await env.client.record.getRecords({ app: env.app, query: `${query} order by $id asc` })).records.map((r) => r.$id?.value);

describe("time precision", () => {
  it('second mode: stores seconds, shows the minute, so = "…10:20:00Z" misses a record updated at 10:20:37', async () => {
    second.at("2026-11-27T10:20:37Z");
    const { id } = await second.client.record.addRecord({ app: second.app, record: { 名前: { value: "秒" } } });
    const { record } = await second.client.record.getRecord({ app: second.app, id });
    expect([record.更新日時?.value, record.作成日時?.value]).toEqual(["2026-11-27T10:20:00Z", "2026-11-27T10:20:00Z"]);
    expect(await ids(second, '更新日時 = "2026-11-27T10:20:00Z"')).toEqual([]);
    expect(await ids(second, '更新日時 >= "2026-11-27T10:20:00Z"')).toEqual([id]);
    expect(await ids(second, '更新日時 = "2026-11-27T10:20:37Z"')).toEqual([id]);
    expect(await ids(second, '作成日時 > "2026-11-27T10:20:36Z"')).toEqual([id]);
  });

  it("minute mode: stores and compares the minute that is shown", async () => {
    minute.at("2026-11-27T10:20:37Z");
    const { id } = await minute.client.record.addRecord({ app: minute.app, record: { 名前: { value: "分" } } });
    expect((await minute.client.record.getRecord({ app: minute.app, id })).record.更新日時?.value).toBe("2026-11-27T10:20:00Z");
    expect(await ids(minute, '更新日時 = "2026-11-27T10:20:00Z"')).toEqual([id]);
    expect(await ids(minute, '更新日時 = "2026-11-27T10:20:37Z"')).toEqual([id]);
    expect(await ids(minute, '更新日時 > "2026-11-27T10:20:00Z"')).toEqual([]);
  });

  it("the clock stamps every write: 600 records in one minute share one 更新日時, an update moves only 更新日時", async () => {
    minute.at("2026-11-27T11:00:05Z");
    const records = Array.from({ length: 600 }, (_, i) => ({ 名前: { value: `束${i}` } }));
    const added = await minute.client.record.addAllRecords({ app: minute.app, records });
    const page = await minute.client.record.getRecords({ app: minute.app, query: '更新日時 = "2026-11-27T11:00:00Z"', totalCount: true });
    expect(page.totalCount).toBe("600");
    minute.at("2026-11-27T12:30:00Z");
    const id = added.records[0]?.id as string;
    await minute.client.record.updateRecord({ app: minute.app, id, record: { 名前: { value: "改" } } });
    const { record } = await minute.client.record.getRecord({ app: minute.app, id });
    expect([record.作成日時?.value, record.更新日時?.value]).toEqual(["2026-11-27T11:00:00Z", "2026-11-27T12:30:00Z"]);
  });

  it("second mode: records either side of a minute boundary fall into their own minutes", async () => {
    second.at("2026-11-27T13:59:59.900Z");
    const a = await second.client.record.addRecord({ app: second.app, record: { 名前: { value: "前" } } });
    second.at("2026-11-27T14:00:00.100Z");
    const b = await second.client.record.addRecord({ app: second.app, record: { 名前: { value: "後" } } });
    expect(await ids(second, '更新日時 < "2026-11-27T14:00:00Z" and 更新日時 >= "2026-11-27T13:59:00Z"')).toEqual([a.id]);
    expect(await ids(second, '更新日時 >= "2026-11-27T14:00:00Z"')).toEqual([b.id]);
  });

  it("takes its default from KINTONE_EMULATOR_TIME_PRECISION, else minute", async () => {
    const saved = process.env.KINTONE_EMULATOR_TIME_PRECISION;
    try {
      process.env.KINTONE_EMULATOR_TIME_PRECISION = "second";
      const fromEnv = await start();
      const { id } = await fromEnv.client.record.addRecord({ app: fromEnv.app, record: {} });
      expect(await ids(fromEnv, '更新日時 = "2026-11-27T10:20:00Z"')).toEqual([]);
      expect(await ids(fromEnv, '更新日時 = "2026-11-27T10:20:37Z"')).toEqual([id]);
      process.env.KINTONE_EMULATOR_TIME_PRECISION = "hour";
      await expect(startEmulatorServer()).rejects.toThrow(/second or minute/);
    } finally {
      if (saved === undefined) delete process.env.KINTONE_EMULATOR_TIME_PRECISION;
      else process.env.KINTONE_EMULATOR_TIME_PRECISION = saved;
    }
  });
});
