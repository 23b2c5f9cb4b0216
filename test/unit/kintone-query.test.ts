// The emulator's kintone query language: parsing, per-type operators, functions, ordering, errors.
import { describe, expect, it } from "vitest";
import {
  compileQuery,
  fieldsOf,
  QueryChoiceError,
  QueryFieldError,
  QueryOperatorError,
} from "../../src/sandbox/kintone-emulator/query/evaluate.js";
import { parseQuery, QuerySyntaxError } from "../../src/sandbox/kintone-emulator/query/parse.js";
import { selectRecords } from "../../src/sandbox/kintone-emulator/query/index.js";

type Field = { type: string; value: unknown };
type Rec = Record<string, Field>;

const properties = {
  会社名: { type: "SINGLE_LINE_TEXT" },
  メモ: { type: "MULTI_LINE_TEXT" },
  売上: { type: "NUMBER" },
  区分: { type: "DROP_DOWN", options: { 既存: {}, 見込み: {} } },
  タグ: { type: "CHECK_BOX", options: { 重要: {}, 新規: {} } },
  担当: { type: "USER_SELECT" },
  期日: { type: "DATE" },
  更新日時: { type: "UPDATED_TIME" },
  作成者: { type: "CREATOR" },
  履歴: { type: "SUBTABLE", fields: { 内容: { type: "SINGLE_LINE_TEXT" }, 件数: { type: "NUMBER" } } },
};
// 2026-11-27T15:30Z is 2026-11-28 00:30 in Tokyo: "today" differs between the zones.
const NOW = Date.parse("2026-11-27T15:30:00Z");
const ctx = (timezone = "Asia/Tokyo") => ({ fields: fieldsOf(properties), loginUser: "sato", timezone, now: NOW });

function rec(id: number, v: Partial<Record<keyof typeof properties, unknown>>): Rec {
  const r: Rec = { $id: { type: "__ID__", value: String(id) } };
  for (const [code, p] of Object.entries(properties))
    r[code] = {
      type: p.type,
      value: (v as Record<string, unknown>)[code] ?? (["CHECK_BOX", "USER_SELECT", "SUBTABLE"].includes(p.type) ? [] : ""),
    };
  return r;
}
const rows = (...items: [string, string][]) =>
  items.map(([内容, 件数], i) => ({
    id: String(i + 1),
    value: { 内容: { type: "SINGLE_LINE_TEXT", value: 内容 }, 件数: { type: "NUMBER", value: 件数 } },
  }));

const records: Rec[] = [
  rec(1, {
    会社名: "株式会社アルファ",
    売上: "100",
    区分: "既存",
    タグ: ["重要"],
    担当: [{ code: "sato", name: "佐藤" }],
    期日: "2026-11-28",
    更新日時: "2026-11-27T15:00:00Z",
    メモ: "Call back\n明日",
    履歴: rows(["電話", "2"]),
  }),
  rec(2, {
    会社名: "ベータ商事",
    売上: "2500.5",
    区分: "見込み",
    タグ: ["重要", "新規"],
    期日: "2026-11-27",
    更新日時: "2026-11-26T10:00:00Z",
    履歴: rows(["訪問", "1"], ["メール", "3"]),
  }),
  rec(3, {
    会社名: 'ガンマ "引用" 社',
    売上: "-5",
    区分: null,
    担当: [{ code: "suzuki", name: "鈴木" }],
    更新日時: "2026-11-20T00:00:00Z",
  }),
  rec(4, { 会社名: "", 売上: "", 期日: null }),
];
const ids = (query: string, timezone?: string) => selectRecords(records, query, ctx(timezone)).matched.map((r) => Number(r.$id?.value));

describe("parsing", () => {
  it("reads conditions, and/or with parentheses, order by, limit and offset", () => {
    const q = parseQuery('(売上 > 10 or 区分 in ("既存", "見込み")) and 会社名 like "社" order by 売上 desc, $id asc limit 20 offset 40');
    expect(q.limit).toBe(20);
    expect(q.offset).toBe(40);
    expect(q.orderBy).toEqual([
      { field: "売上", desc: true },
      { field: "$id", desc: false },
    ]);
    expect(q.where).toMatchObject({ kind: "and", left: { kind: "or" }, right: { kind: "cond", field: "会社名", op: "like" } });
  });

  it('unescapes \\", \\\\, \\t and \\n inside strings', () => {
    const q = parseQuery('会社名 = "a\\"b\\\\c\\td\\ne"');
    expect(q.where).toEqual({ kind: "cond", field: "会社名", op: "=", values: [{ kind: "string", value: 'a"b\\c\td\ne' }] });
  });

  it("binds and tighter than or", () => {
    expect(parseQuery("売上 = 1 or 売上 = 2 and 売上 = 3").where).toMatchObject({ kind: "or", right: { kind: "and" } });
  });

  it.each([
    '会社名 = "open',
    "会社名 =",
    '会社名 == "a"',
    "売上 > 1 and",
    "(売上 > 1",
    '区分 in "a"',
    "limit x",
    "limit 1 limit 2",
    "offset 1 limit 2", // kintone wants limit before offset
    "limit 1 order by $id asc",
    "会社名 like 1",
    '会社名 = "a\\x"', // not one of kintone's escapes
    '会社名 = "a\tb"', // a raw tab inside a string
    "order by",
  ])("rejects %s", (query) => {
    expect(() => parseQuery(query)).toThrow(QuerySyntaxError);
  });

  it("accepts an empty query and a query with only clauses", () => {
    expect(parseQuery("")).toEqual({ where: null, orderBy: [], limit: null, offset: null });
    expect(parseQuery("limit 5").limit).toBe(5);
  });
});

describe("evaluating", () => {
  it("compares text exactly and like partially, case-insensitively", () => {
    expect(ids('会社名 = "ベータ商事"')).toEqual([2]);
    expect(ids('会社名 != "ベータ商事"')).toEqual([4, 3, 1]);
    expect(ids('会社名 like "社"')).toEqual([3, 1]);
    expect(ids('会社名 not like "社"')).toEqual([4, 2]);
    expect(ids('会社名 = "ガンマ \\"引用\\" 社"')).toEqual([3]);
    expect(ids('メモ like "call BACK"')).toEqual([1]);
    expect(ids('会社名 in ("ベータ商事", "株式会社アルファ")')).toEqual([2, 1]);
  });

  it("compares numbers as numbers and leaves empty numbers out", () => {
    expect(ids("売上 > 99")).toEqual([2, 1]);
    expect(ids('売上 <= "100"')).toEqual([3, 1]);
    expect(ids("売上 = 2500.5")).toEqual([2]);
    expect(ids("売上 in (100, -5)")).toEqual([3, 1]);
    expect(ids("$id >= 2 and $id < 4")).toEqual([3, 2]);
  });

  it("matches choices, users and LOGINUSER() with in / not in", () => {
    expect(ids('区分 in ("既存")')).toEqual([1]);
    expect(ids('区分 in ("")')).toEqual([4, 3]);
    expect(ids('タグ in ("新規")')).toEqual([2]);
    expect(ids('タグ not in ("重要")')).toEqual([4, 3]);
    expect(ids("担当 in (LOGINUSER())")).toEqual([1]);
    expect(ids('担当 not in ("sato")')).toEqual([4, 3, 2]);
  });

  it("reads dates and datetimes in the user's zone, with date functions", () => {
    expect(ids("期日 = TODAY()")).toEqual([1]); // Tokyo: 2026-11-28
    expect(ids("期日 = TODAY()", "UTC")).toEqual([2]);
    expect(ids('期日 < "2026-11-28"')).toEqual([2]);
    expect(ids("更新日時 = TODAY()")).toEqual([1]);
    expect(ids('更新日時 > "2026-11-26T10:00:00Z"')).toEqual([1]);
    expect(ids('更新日時 >= "2026-11-26T19:00:00+09:00"')).toEqual([2, 1]);
    expect(ids("更新日時 >= FROM_TODAY(-7, DAYS)")).toEqual([2, 1]);
    // A date against a datetime means that whole day in the user's zone: > is after it, <= is up to its end.
    expect(ids('更新日時 > "2026-11-26"')).toEqual([1]);
    expect(ids('更新日時 <= "2026-11-26"')).toEqual([3, 2]);
    expect(ids('更新日時 = "2026-11-26T19:00:00+09:00"')).toEqual([2]);
    expect(ids("更新日時 < NOW()")).toEqual([3, 2, 1]);
    expect(ids("更新日時 = THIS_MONTH()")).toEqual([3, 2, 1]);
    expect(ids('期日 = ""')).toEqual([4, 3]);
  });

  it("looks inside subtables with in and like", () => {
    expect(ids('内容 in ("メール")')).toEqual([2]);
    expect(ids('内容 like "電"')).toEqual([1]);
    expect(ids('内容 not in ("電話")')).toEqual([4, 3, 2]);
    expect(ids("件数 > 2")).toEqual([2]);
    expect(() => ids('内容 = "電話"')).toThrow(expect.objectContaining({ field: "内容", op: "=", inTable: true }));
  });

  it("answers is empty / is not empty on multi-line text only, as kintone does", () => {
    expect(ids("メモ is empty")).toEqual([4, 3, 2]);
    expect(ids("メモ is not empty")).toEqual([1]);
    expect(() => ids("会社名 is empty")).toThrow(expect.objectContaining({ name: "QueryOperatorError", op: "is empty" }));
    expect(() => ids("タグ is not empty")).toThrow(QueryOperatorError);
  });

  it("orders by several keys; without order by, newest record first", () => {
    expect(ids("")).toEqual([4, 3, 2, 1]);
    expect(ids("order by 売上 asc")).toEqual([4, 3, 1, 2]);
    expect(ids("order by 区分 desc, $id asc")).toEqual([2, 1, 3, 4]);
    expect(ids("order by 更新日時 asc")).toEqual([4, 3, 2, 1]);
  });

  it("names unknown fields and refuses operators a type does not take", () => {
    const err = (() => {
      try {
        ids('ない = "x"');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(QueryFieldError);
    expect((err as QueryFieldError).field).toBe("ない");
    expect(() => ids('区分 = "既存"')).toThrow(expect.objectContaining({ name: "QueryOperatorError", op: "=", inTable: false }));
    expect(() => ids('区分 in ("既存", "ない")')).toThrow(QueryChoiceError);
    expect(() => ids('タグ not in ("ない")')).toThrow(expect.objectContaining({ field: "タグ", value: "ない" }));
    expect(() => ids('売上 like "1"')).toThrow(QueryOperatorError);
    expect(() => ids('メモ = "x"')).toThrow(QueryOperatorError);
    expect(() => ids("更新日時 > LOGINUSER()")).toThrow(QueryOperatorError);
    expect(() => ids("order by 履歴")).toThrow(QueryOperatorError);
    expect(() => compileQuery(parseQuery("order by ない"), ctx())).toThrow(QueryFieldError);
  });
});
