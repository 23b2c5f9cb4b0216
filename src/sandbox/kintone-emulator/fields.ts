// Turns a REST input value into the stored kintone value for one field, or the problems kintone reports.
import type { KintoneFormFieldProperty, KintoneRecordField } from "@kintone/rest-api-client";
import { KintoneEmulatorError, type Problem, problem as p } from "./errors.js";

type Property = KintoneFormFieldProperty.OneOf;
type Value = KintoneRecordField.OneOf["value"];
export type Lookup = (code: string) => { code: string; name: string } | null;
/** Where kintone files a problem: the field's value, `record[code].value` for numbers, or one chosen option. */
export type ProblemAt = "value" | "number" | { option: number };
export type Normalized = { ok: true; value: Value } | { ok: false; problems: { at: ProblemAt; problem: Problem }[] };

export const REQUIRED = p("field.required");
const NOT_NUMBER = p("field.notNumber");
const str = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const pad = (n: number) => String(n).padStart(2, "0");

/** kintone keeps DATETIME to the minute, in UTC. */
export function toKintoneDateTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00Z`;
}

/** Fields whose values the API computes or ignores on write. */
export const READ_ONLY = new Set(["RECORD_NUMBER", "CALC", "STATUS", "STATUS_ASSIGNEE", "CATEGORY", "__ID__", "__REVISION__"]);
/** Form properties that hold no record value. */
export const NOT_IN_RECORD = new Set(["REFERENCE_TABLE", "GROUP", "LABEL", "SPACER", "HR", "STATUS", "STATUS_ASSIGNEE", "CATEGORY"]);

/** Date and time "now" for defaultNowValue, in the acting user's zone. */
export interface Now {
  at: Date;
  timezone: string;
}

function localNow(now: Now): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: now.timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now.at)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The value a record gets when the input leaves the field out: the form's initial value, as kintone applies it. */
export function emptyValue(prop: Property, now?: Now): Value {
  const d = (prop as { defaultValue?: unknown }).defaultValue;
  if (now && (prop as { defaultNowValue?: boolean }).defaultNowValue) {
    if (prop.type === "DATETIME") return toKintoneDateTime(now.at);
    if (prop.type === "DATE") return localNow(now).date;
    if (prop.type === "TIME") return localNow(now).time;
  }
  switch (prop.type) {
    case "CHECK_BOX":
    case "MULTI_SELECT":
      return Array.isArray(d) ? d.map(String) : [];
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
    case "FILE":
    case "SUBTABLE":
      return [];
    case "DATE":
    case "TIME":
      return typeof d === "string" && d !== "" ? d : null;
    case "DROP_DOWN":
      return typeof d === "string" && d !== "" ? d : null;
    default:
      return typeof d === "string" ? d : "";
  }
}

export function isEmpty(v: Value): boolean {
  return v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

const options = (prop: Property): string[] => Object.keys((prop as { options?: Record<string, unknown> }).options ?? {});
const notInOptions = (v: string) => p("field.notInOptions", v);

export function normalize(prop: Property, raw: unknown, users: Lookup): Normalized {
  const ok = (value: Value): Normalized => ({ ok: true, value });
  const bad = (problem: Problem, at: ProblemAt = "value"): Normalized => ({ ok: false, problems: [{ at, problem }] });
  switch (prop.type) {
    case "SINGLE_LINE_TEXT":
    case "MULTI_LINE_TEXT":
    case "RICH_TEXT":
    case "LINK": {
      const v = str(raw);
      const { maxLength, minLength } = prop as { maxLength?: string; minLength?: string };
      if (maxLength && v.length > Number(maxLength)) return bad(p("field.tooLong", String(Number(maxLength) + 1)));
      if (minLength && v.length < Number(minLength))
        // kintone checks it on empty values too
        return bad(p("field.tooShort", String(Number(minLength) - 1)));
      return ok(v);
    }
    case "NUMBER": {
      const v = str(raw).trim();
      if (v === "") return ok("");
      // kintone stores what Number() reads ("1.5e1" → "15"); "1,000" and "12abc" are refused.
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v)) return bad(NOT_NUMBER, "number");
      const { maxValue, minValue } = prop as { maxValue?: string; minValue?: string };
      if (maxValue && Number(v) > Number(maxValue)) return bad(p("field.tooBig", maxValue));
      if (minValue && Number(v) < Number(minValue)) return bad(p("field.tooSmall", minValue));
      return ok(String(Number(v)));
    }
    case "DATE": {
      const v = str(raw);
      if (v === "") return ok(null);
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? ok(v) : bad(p("field.badDate"));
    }
    case "TIME": {
      const m = /^(\d{2}):(\d{2})(:\d{2})?$/.exec(str(raw));
      if (str(raw) === "") return ok(null);
      return m ? ok(`${m[1]}:${m[2]}`) : bad(p("field.badTime"));
    }
    case "DATETIME":
    case "CREATED_TIME":
    case "UPDATED_TIME": {
      const v = str(raw);
      if (v === "") return ok("");
      const t = Date.parse(v);
      return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(t) ? ok(toKintoneDateTime(new Date(t))) : bad(p("field.badDateTime"));
    }
    case "DROP_DOWN":
    case "RADIO_BUTTON": {
      const v = str(raw);
      if (v === "") return ok(prop.type === "DROP_DOWN" ? null : "");
      return options(prop).includes(v) ? ok(v) : bad(notInOptions(v));
    }
    case "CHECK_BOX":
    case "MULTI_SELECT": {
      const vs = Array.isArray(raw) ? raw.map(str) : raw === null || raw === undefined || raw === "" ? [] : [str(raw)];
      const problems = vs.flatMap((v, option) => (options(prop).includes(v) ? [] : [{ at: { option }, problem: notInOptions(v) }]));
      return problems.length ? { ok: false, problems } : ok(vs);
    }
    case "USER_SELECT":
    case "CREATOR":
    case "MODIFIER": {
      const list = prop.type === "USER_SELECT" ? (Array.isArray(raw) ? raw : []) : [raw];
      const out: { code: string; name: string }[] = [];
      for (const item of list) {
        const code = str((item as { code?: unknown } | null)?.code);
        const user = users(code);
        // kintone refuses the whole request, naming the login in the message alone (no `errors`).
        if (!user && prop.type === "USER_SELECT") throw new KintoneEmulatorError("GAIA_IL26", code);
        if (!user) return bad(p("field.noSuchUser", code));
        out.push(user);
      }
      return ok(prop.type === "USER_SELECT" ? out : (out[0] as { code: string; name: string }));
    }
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
      return ok(
        (Array.isArray(raw) ? raw : []).map((i) => ({
          code: str((i as { code?: unknown }).code),
          name: str((i as { code?: unknown }).code),
        })),
      );
    case "FILE":
      return ok([]); // no file upload API in the emulator
    default:
      return ok(emptyValue(prop));
  }
}
