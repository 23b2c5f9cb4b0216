// The one query behind the history panel: every number of the record, in every notation, in one request.
import { describe, expect, it } from "vitest";
import { buildHistoryQuery, queryString } from "../../src/features/call-history/query";
import { normalizePhone } from "../../src/shared/phone";
import { defaultSettings } from "../../src/shared/settings";

const fields = {
  ...defaultSettings().history.fields,
  phone: "TEL",
  normalizedPhone: "TEL_E164",
  datetime: "日時",
  duration: "Duration",
  memo: "Memo",
};

/** The values listed after `<field> in (` in the query. */
function valuesOf(query: string, field: string): string[] {
  const m = new RegExp(`${field} in \\(([^)]*)\\)`).exec(query);
  return m ? [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!) : [];
}

describe("history query", () => {
  it("matches the normalised field exactly, or the phone text in every notation, newest first", () => {
    const q = buildHistoryQuery(fields, ["+81312345678", "+819011112222"], { offset: 0 });
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.query).toMatch(/^\(TEL_E164 in \(.*\) or TEL in \(.*\)\) order by 日時 desc, \$id desc limit 20 offset 0$/);
    expect(valuesOf(q.query, "TEL_E164")).toEqual(["+81312345678", "+819011112222"]);
    const notations = valuesOf(q.query, "TEL");
    for (const n of [
      "03-1234-5678",
      "0312345678",
      "+81 3-1234-5678",
      "+81 3 1234 5678",
      "０３－１２３４－５６７８",
      "090-1111-2222",
      "09011112222",
    ])
      expect(notations).toContain(n);
    // Every notation in the query belongs to one of the record's numbers.
    expect(new Set(notations.map((n) => normalizePhone(n)))).toEqual(new Set(["+81312345678", "+819011112222"]));
  });

  it("asks only for the mapped fields", () => {
    const q = buildHistoryQuery(fields, ["+81312345678"], { offset: 0 });
    expect(q.ok && q.fields).toEqual(["$id", "TEL", "TEL_E164", "日時", "Duration", "Memo"]);
  });

  it("pages older calls with an offset", () => {
    const q = buildHistoryQuery(fields, ["+81312345678"], { offset: 40 });
    expect(q.ok && q.query.endsWith("limit 20 offset 40")).toBe(true);
  });

  it("works with only one of the two phone fields mapped", () => {
    const onlyText = buildHistoryQuery({ ...fields, normalizedPhone: "" }, ["+81312345678"], { offset: 0 });
    expect(onlyText.ok && onlyText.query.startsWith("(TEL in (")).toBe(true);
    const onlyE164 = buildHistoryQuery({ ...fields, phone: "" }, ["+81312345678"], { offset: 0 });
    expect(onlyE164.ok && onlyE164.query.startsWith('(TEL_E164 in ("+81312345678"))')).toBe(true);
  });

  it("names the missing setting when no phone field is mapped", () => {
    expect(buildHistoryQuery({ ...fields, phone: "", normalizedPhone: "" }, ["+81312345678"], { offset: 0 })).toEqual({
      ok: false,
      missing: "history.fields.phone",
    });
  });

  it("escapes quotes and backslashes in values", () => {
    expect(queryString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
