// Query operators as real kintone answers them (recorded behaviour), through @kintone/rest-api-client.
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

let env: RunningEmulator;
let app: number;
let client: KintoneRestAPIClient;

beforeAll(async () => {
  env = await startEmulatorServer();
  env.emulator.users.add(ADMINISTRATOR);
  app = env.emulator.apps.create({
    name: "演算子",
    properties: form(
      field.text("名前"),
      field.link("サイト", "WEB"),
      field.multiLine("メモ"),
      field.number("数"),
      field.dropDown("区分", ["A", "B"]),
      field.checkBox("タグ", ["x", "y"]),
      field.subtable("履歴", { 内容: field.text("内容"), 件数: field.number("件数") }),
    ),
  });
  const token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
  const row = (内容: string, 件数: string) => ({ value: { 内容: { value: 内容 }, 件数: { value: 件数 } } });
  await client.record.addRecords({
    app,
    records: [
      { 名前: { value: "gamma keyword" }, メモ: { value: "  \n\t " }, 数: { value: "5" }, 区分: { value: "A" }, タグ: { value: ["x"] } },
      { 名前: { value: "" }, メモ: { value: "本文" }, 履歴: { value: [row("電話", "2")] } },
      { 名前: { value: "alpha-beta,delta" }, 履歴: { value: [row("訪問", "1"), row("メール", "3")] } },
      { 名前: { value: "株式会社アルファ" }, 数: { value: "7" }, 区分: { value: "B" }, タグ: { value: ["y"] } },
    ],
  });
});
afterAll(async () => env.close());

const names = async (query: string): Promise<number[]> =>
  (await client.record.getRecords({ app, query: `${query} order by $id asc` })).records.map((r) => Number(r.$id?.value));
const rejection = async (query: string): Promise<KintoneRestAPIError> => {
  const err = await client.record.getRecords({ app, query }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KintoneRestAPIError);
  return err as KintoneRestAPIError;
};

describe("query operators as kintone answers them", () => {
  it("is empty works on multi-line text (whitespace-only counts as empty) and is GAIA_IQ03 on text and link", async () => {
    expect(await names("メモ is empty")).toEqual([1, 3, 4]);
    expect(await names("メモ is not empty")).toEqual([2]);
    const text = await rejection("名前 is empty");
    expect([text.status, text.code]).toEqual([400, "GAIA_IQ03"]);
    expect(text.message).toContain(" 名前フィールドのフィールドタイプには演算子is emptyを使用できません。 (");
    expect((await rejection("サイト is not empty")).code).toBe("GAIA_IQ03");
    expect((await rejection("数 is empty")).code).toBe("GAIA_IQ03");
  });

  it('in ("") matches no value and the empty string alike', async () => {
    expect(await names('名前 in ("")')).toEqual([2]);
    expect(await names('区分 in ("")')).toEqual([2, 3]); // DROP_DOWN keeps "no value" as null
    expect(await names('タグ in ("")')).toEqual([2, 3]);
    expect(await names('数 in ("", "7")')).toEqual([2, 3, 4]);
  });

  it("subtable not in excludes records with any matching row and keeps records with empty tables", async () => {
    expect(await names('内容 not in ("電話")')).toEqual([1, 3, 4]);
    expect(await names('内容 not in ("メール")')).toEqual([1, 2, 4]);
  });

  it("two conditions on one subtable's fields must hold in the same row", async () => {
    expect(await names('内容 in ("訪問") and 件数 >= 3')).toEqual([]);
    expect(await names('内容 in ("メール") and 件数 >= 3')).toEqual([3]);
    expect(await names('内容 in ("訪問") or 件数 >= 3')).toEqual([3]);
  });

  it("names an unknown field in full-width parentheses (GAIA_IQ11)", async () => {
    const err = await rejection('nosuch = "x"');
    expect([err.status, err.code]).toEqual([400, "GAIA_IQ11"]);
    expect(err.message).toContain(" 指定されたフィールド（nosuch）が見つかりません。 (");
  });

  it("like is a word search: whole words match, parts of words do not; CJK text matches inside a run", async () => {
    expect(await names('名前 like "keyword"')).toEqual([1]);
    expect(await names('名前 like "KEYWORD gamma"')).toEqual([1]);
    expect(await names('名前 like "key"')).toEqual([]);
    expect(await names('名前 like "word"')).toEqual([]);
    expect(await names('名前 like "beta"')).toEqual([3]); // split at punctuation
    expect(await names('名前 like "会社"')).toEqual([4]);
    expect(await names('名前 not like "key"')).toEqual([1, 2, 3, 4]);
  });
});
