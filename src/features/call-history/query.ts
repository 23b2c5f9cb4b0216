// The one records.json query behind the call-history panel: every phone number of the customer record,
// matched exactly on the history app's normalised-number field (filled by the connector) OR, for history
// written by others, on the phone field's text in each notation that number is commonly written in.
import { notationsOf } from "../../shared/phone";
import type { Settings } from "../../shared/settings";

export const HISTORY_PAGE_SIZE = 20;

/** kintone query string literal: backslash and double quote escaped. */
export function queryString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export type HistoryQuery = { ok: true; query: string; fields: string[] } | { ok: false; missing: "history.fields.phone" };

export function buildHistoryQuery(
  fields: Settings["history"]["fields"],
  e164s: readonly string[],
  page: { offset: number; limit?: number },
): HistoryQuery {
  if (!fields.phone && !fields.normalizedPhone) return { ok: false, missing: "history.fields.phone" };
  const list = (values: string[]) => `(${values.map(queryString).join(", ")})`;
  const conditions: string[] = [];
  if (fields.normalizedPhone) conditions.push(`${fields.normalizedPhone} in ${list([...e164s])}`);
  if (fields.phone) conditions.push(`${fields.phone} in ${list([...new Set(e164s.flatMap(notationsOf))])}`);
  const order = fields.datetime ? `order by ${fields.datetime} desc, $id desc` : "order by $id desc";
  const limit = page.limit ?? HISTORY_PAGE_SIZE;
  const query = `(${conditions.join(" or ")}) ${order} limit ${limit} offset ${page.offset}`;
  const wanted = ["$id", ...Object.values(fields)].filter((code, i, all) => code && all.indexOf(code) === i);
  return { ok: true, query, fields: wanted };
}
