// Query syntax, date functions with arguments, and read limits as real kintone answers them.
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";

// Tuesday 2026-04-14 16:00 UTC is Wednesday 2026-04-15 01:00 in Tokyo: "today" differs between the zones.
const NOW = new Date("2026-04-14T16:00:00Z");
const DAYS = [
  "2026-04-30",
  "2026-04-10",
  "2026-04-13",
  "2026-04-22",
  "2026-05-15",
  "2027-04-15",
  "2026-04-15",
  "2026-04-14",
  "2026-03-31",
  "2026-04-19",
];
const TEXT = 'say "hi" \\path\tTAB\nNL';
let env: RunningEmulator;
let app: number;
let client: KintoneRestAPIClient;

beforeAll(async () => {
  env = await startEmulatorServer({ clock: () => NOW });
  for (const [code, timezone] of [
    ["Administrator", "Asia/Tokyo"],
    ["utc", "UTC"],
  ] as const)
    env.emulator.users.add({ code, password: "pw", name: code, email: "", language: "ja", timezone, isAdmin: code === "Administrator" });
  app = env.emulator.apps.create({ name: "構文", properties: form(field.text("名前"), field.date("日付")) });
  const token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
  await client.record.addRecords({ app, records: DAYS.map((d, i) => ({ 日付: { value: d }, 名前: { value: i === 0 ? TEXT : `r${i}` } })) });
});
afterAll(async () => env.close());

const ids = async (query: string, c = client): Promise<number[]> =>
  (await c.record.getRecords({ app, query: `${query} order by $id asc` })).records.map((r) => Number(r.$id?.value));
const rejection = async (query: string): Promise<KintoneRestAPIError> => {
  const err = await client.record.getRecords({ app, query }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KintoneRestAPIError);
  return err as KintoneRestAPIError;
};

describe("query syntax", () => {
  it('string literals read \\", \\\\, \\t and \\n; a raw tab or newline inside one is CB_VA01', async () => {
    expect(await ids('名前 = "say \\"hi\\" \\\\path\\tTAB\\nNL"')).toEqual([1]);
    for (const raw of ['名前 = "a\tb"', '名前 = "a\nb"']) {
      const err = await rejection(raw);
      expect([err.code, err.errors]).toEqual(["CB_VA01", { query: { messages: ["クエリ記法が間違っています。"] } }]);
    }
  });

  it("takes spaces, tabs, newlines and U+3000 between tokens", async () => {
    expect(await ids('名前\t=\n"r1"\u3000or\r\n名前 = "r2"')).toEqual([2, 3]);
  });
});

describe("date functions with arguments, in the user's zone", () => {
  it("THIS_MONTH(LAST), THIS_MONTH(day), LAST_MONTH(LAST)", async () => {
    expect(await ids("日付 = THIS_MONTH(LAST)")).toEqual([1]);
    expect(await ids("日付 = THIS_MONTH(10)")).toEqual([2]);
    expect(await ids("日付 = LAST_MONTH(LAST)")).toEqual([9]);
    const bad = await rejection("日付 = THIS_MONTH(32)");
    expect([bad.code, bad.status]).toEqual(["GAIA_IQ23", 400]);
    expect(bad.message).toContain("指定した日にち（32）は無効です。");
  });

  it("THIS_WEEK(weekday) and NEXT_WEEK(weekday), weeks running Sunday to Saturday", async () => {
    expect(await ids("日付 = THIS_WEEK(MONDAY)")).toEqual([3]);
    expect(await ids("日付 = NEXT_WEEK(SUNDAY)")).toEqual([10]);
    expect(await ids("日付 = THIS_WEEK()")).toEqual([3, 7, 8]);
  });

  it("FROM_TODAY(n, DAYS|WEEKS|MONTHS|YEARS); a missing unit is GAIA_IL08, a bad one GAIA_IQ25", async () => {
    expect(await ids("日付 = FROM_TODAY(-2, DAYS)")).toEqual([3]);
    expect(await ids("日付 = FROM_TODAY(1, WEEKS)")).toEqual([4]);
    expect(await ids("日付 = FROM_TODAY(1, MONTHS)")).toEqual([5]);
    expect(await ids("日付 = FROM_TODAY(1, YEARS)")).toEqual([6]);
    expect((await rejection("日付 = FROM_TODAY(1)")).code).toBe("GAIA_IL08");
    expect((await rejection("日付 = FROM_TODAY(1, HOURS)")).code).toBe("GAIA_IQ25");
  });

  it("counts days in the requesting user's time zone", async () => {
    const utc = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "utc", password: "pw" } });
    expect(await ids("日付 = TODAY()")).toEqual([7]);
    expect(await ids("日付 = TODAY()", utc)).toEqual([8]);
  });
});

describe("read limits and defaults", () => {
  it("limit over 500 is GAIA_QU01 and offset over 10,000 GAIA_QU02", async () => {
    expect((await rejection("limit 501")).code).toBe("GAIA_QU01");
    expect((await rejection("offset 10001")).code).toBe("GAIA_QU02");
    expect((await client.record.getRecords({ app, query: "limit 500 offset 10000" })).records).toEqual([]);
  });

  it("answers 100 records by default, newest ($id desc) first, with totalCount null unless asked for", async () => {
    const many = env.emulator.apps.create({ name: "件数", properties: form(field.text("名前")) });
    const token = env.emulator.tokens.create(many, { view: true, add: true, edit: true, delete: true });
    const c = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    await c.record.addAllRecords({ app: many, records: Array.from({ length: 120 }, (_, i) => ({ 名前: { value: `n${i}` } })) });
    const page = await c.record.getRecords({ app: many });
    expect([page.records.length, page.records[0]?.$id?.value, page.records[99]?.$id?.value, page.totalCount]).toEqual([
      100,
      "120",
      "21",
      null,
    ]);
    expect((await c.record.getRecords({ app: many, totalCount: true })).totalCount).toBe("120");
  });
});
