// Which fields a query can name and which operators each field type takes, as kintone's query reference lists them.
import type { Op } from "./parse.js";

export interface FieldInfo {
  type: string;
  /** Choices of DROP_DOWN, RADIO_BUTTON, CHECK_BOX and MULTI_SELECT fields. */
  options?: string[];
  /** Code of the SUBTABLE holding the field, when it sits in one. */
  table?: string;
}

export const NUMERIC = new Set(["NUMBER", "CALC", "RECORD_NUMBER", "__ID__", "__REVISION__"]);
export const DATES = new Set(["DATE", "DATETIME", "CREATED_TIME", "UPDATED_TIME"]);
export const SYSTEM_TIMES = new Set(["CREATED_TIME", "UPDATED_TIME"]);
const ENTITY = new Set(["CREATOR", "MODIFIER", "USER_SELECT", "ORGANIZATION_SELECT", "GROUP_SELECT", "STATUS_ASSIGNEE"]);
const CHOICE = new Set(["DROP_DOWN", "RADIO_BUTTON", "CHECK_BOX", "MULTI_SELECT", "CATEGORY"]);
export const IN: Op[] = ["in", "not in"];
export const LIKE: Op[] = ["like", "not like"];
const EMPTY: Op[] = ["is empty", "is not empty"];
const LONG_TEXT = new Set(["MULTI_LINE_TEXT", "RICH_TEXT", "FILE"]);

export function allowedOps(type: string, inTable: boolean): Op[] {
  const eq = inTable ? [] : (["=", "!="] as Op[]);
  if (NUMERIC.has(type)) return [...eq, "<", ">", "<=", ">=", ...IN];
  if (DATES.has(type) || type === "TIME") return [...eq, "<", ">", "<=", ">="];
  if (type === "SINGLE_LINE_TEXT" || type === "LINK") return [...eq, ...IN, ...LIKE];
  // is empty exists only for these three; every other type answers GAIA_IQ03 (use = "" / in ("") there).
  if (LONG_TEXT.has(type)) return [...LIKE, ...EMPTY];
  if (type === "STATUS") return [...eq, ...IN];
  if (CHOICE.has(type) || ENTITY.has(type)) return IN;
  return [];
}

type Prop = { type: string; options?: Record<string, unknown>; fields?: Record<string, Prop> };
const info = (p: Prop, table?: string): FieldInfo => ({
  type: p.type,
  ...(p.options ? { options: Object.keys(p.options) } : {}),
  ...(table ? { table } : {}),
});

/** Field table for a form: top-level codes plus subtable inner codes, and `$id`, `$revision`. */
export function fieldsOf(properties: Record<string, Prop>): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = { $id: { type: "__ID__" }, $revision: { type: "__REVISION__" } };
  for (const [code, p] of Object.entries(properties)) {
    out[code] = info(p);
    if (p.type === "SUBTABLE") for (const [inner, q] of Object.entries(p.fields ?? {})) out[inner] = info(q, code);
  }
  return out;
}
