// Evaluates a parsed query against kintone-shaped records, with kintone's per-type operator rules.
import { functionRange, literalRange, type Range } from "./dates.js";
import type { Expr, Op, Operand, Query } from "./parse.js";

export interface FieldInfo {
  type: string;
  /** Choices of DROP_DOWN, RADIO_BUTTON, CHECK_BOX and MULTI_SELECT fields. */
  options?: string[];
  /** Code of the SUBTABLE holding the field, when it sits in one. */
  table?: string;
}
export interface QueryContext {
  /** Field code → type; include `$id` and subtable inner fields (see fieldsOf). */
  fields: Record<string, FieldInfo>;
  loginUser: string;
  timezone: string;
  now: number;
}
type Rec = Record<string, { type: string; value: unknown } | undefined>;

export class QueryFieldError extends Error {
  constructor(readonly field: string) {
    super(`Unknown field ${field}`);
    this.name = "QueryFieldError";
  }
}
export class QueryOperatorError extends Error {
  /** `inTable`: the operator is one kintone refuses only for fields inside a table (GAIA_IQ07). */
  constructor(
    readonly field: string,
    readonly op = "",
    readonly inTable = false,
  ) {
    super(`Operator or function ${op} not available for ${field}`);
    this.name = "QueryOperatorError";
  }
}
export class QueryChoiceError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${value} is not an option of ${field}`);
    this.name = "QueryChoiceError";
  }
}

const NUMERIC = new Set(["NUMBER", "CALC", "RECORD_NUMBER", "__ID__", "__REVISION__"]);
const DATES = new Set(["DATE", "DATETIME", "CREATED_TIME", "UPDATED_TIME"]);
const ENTITY = new Set(["CREATOR", "MODIFIER", "USER_SELECT", "ORGANIZATION_SELECT", "GROUP_SELECT", "STATUS_ASSIGNEE"]);
const IN: Op[] = ["in", "not in"];
const LIKE: Op[] = ["like", "not like"];

function allowedOps(type: string, inTable: boolean): Op[] {
  const eq = inTable ? [] : (["=", "!="] as Op[]);
  if (NUMERIC.has(type)) return [...eq, "<", ">", "<=", ">=", ...IN];
  if (DATES.has(type) || type === "TIME") return [...eq, "<", ">", "<=", ">="];
  if (type === "SINGLE_LINE_TEXT" || type === "LINK") return [...eq, ...IN, ...LIKE];
  if (type === "MULTI_LINE_TEXT" || type === "RICH_TEXT" || type === "FILE") return LIKE;
  if (type === "STATUS") return [...eq, ...IN];
  if (["DROP_DOWN", "RADIO_BUTTON", "CHECK_BOX", "MULTI_SELECT", "CATEGORY"].includes(type) || ENTITY.has(type)) return IN;
  return [];
}

/** Field table for a form: top-level codes plus subtable inner codes, and `$id`. */
type Prop = { type: string; options?: Record<string, unknown>; fields?: Record<string, Prop> };
const info = (p: Prop, table?: string): FieldInfo => ({
  type: p.type,
  ...(p.options ? { options: Object.keys(p.options) } : {}),
  ...(table ? { table } : {}),
});

export function fieldsOf(properties: Record<string, Prop>): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = { $id: { type: "__ID__" }, $revision: { type: "__REVISION__" } };
  for (const [code, p] of Object.entries(properties)) {
    out[code] = info(p);
    if (p.type === "SUBTABLE") for (const [inner, q] of Object.entries(p.fields ?? {})) out[inner] = info(q, code);
  }
  return out;
}

/** The raw values a condition looks at: one per row for subtable fields, one per choice for multi-value fields. */
function valuesOf(rec: Rec, field: string, info: FieldInfo): unknown[] {
  const raw = info.table
    ? ((rec[info.table]?.value as { value: Rec }[] | undefined) ?? []).map((row) => row.value[field]?.value)
    : [rec[field]?.value];
  return raw.flatMap((v): unknown[] => (Array.isArray(v) ? (info.table ? [v] : (v as unknown[])) : [v]));
}

const textOf = (v: unknown): string =>
  v === null || v === undefined
    ? ""
    : typeof v === "object"
      ? String((v as { code?: unknown; name?: unknown }).code ?? (v as { name?: unknown }).name ?? "")
      : String(v);

export function compileQuery(q: Query, ctx: QueryContext) {
  const lookupField = (field: string): FieldInfo => {
    const f = ctx.fields[field];
    if (!f) throw new QueryFieldError(field);
    return f;
  };

  function operandText(field: string, o: Operand): string {
    if (o.kind !== "fn") return o.value;
    if (o.name === "LOGINUSER" && o.args.length === 0) return ctx.loginUser;
    throw new QueryOperatorError(field, "");
  }
  function operandRange(field: string, o: Operand): Range {
    const r = o.kind === "fn" ? functionRange(o.name, o.args, ctx.timezone, ctx.now) : literalRange(o.value, ctx.timezone);
    if (!r) throw new QueryOperatorError(field, "");
    return r;
  }
  // A stored DATE is the start of that day in the user's zone; a stored datetime is its minute.
  const pointOf = (v: unknown): number | null => {
    if (v === null || v === undefined || v === "") return null;
    return literalRange(String(v), ctx.timezone)?.start ?? null;
  };

  function condition(field: string, op: Op, operands: Operand[]): (rec: Rec) => boolean {
    const f = lookupField(field);
    if (op !== "is empty" && op !== "is not empty" && !allowedOps(f.type, f.table !== undefined).includes(op))
      throw new QueryOperatorError(field, op, f.table !== undefined && allowedOps(f.type, false).includes(op));
    if (op === "is empty" || op === "is not empty") {
      const empty = (rec: Rec) => valuesOf(rec, field, f).every((v) => textOf(v) === "" || (Array.isArray(v) && v.length === 0));
      return op === "is empty" ? empty : (rec) => !empty(rec);
    }
    const negate = op === "!=" || op === "not in" || op === "not like";
    let test: (v: unknown) => boolean;
    if (LIKE.includes(op)) {
      const needle = operandText(field, operands[0] as Operand).toLowerCase();
      const hay = (v: unknown) => (Array.isArray(v) ? v.map((x) => (x as { name?: string }).name ?? textOf(x)).join("\n") : textOf(v));
      test = (v) => hay(v).toLowerCase().includes(needle);
    } else if (IN.includes(op)) {
      const set = new Set(operands.map((o) => operandText(field, o)));
      const unknown = f.options && [...set].find((v) => v !== "" && !f.options?.includes(v));
      if (unknown) throw new QueryChoiceError(field, unknown);
      const numeric = NUMERIC.has(f.type);
      test = (v) =>
        Array.isArray(v)
          ? v.some((x) => set.has(textOf(x)))
          : numeric
            ? [...set].some((s) => s !== "" && Number(s) === Number(v) && textOf(v) !== "")
            : set.has(textOf(v));
    } else if (NUMERIC.has(f.type)) {
      const n = Number(operandText(field, operands[0] as Operand));
      if (Number.isNaN(n)) throw new QueryOperatorError(field, "");
      const cmp = {
        "=": (a: number) => a === n,
        "!=": (a: number) => a === n,
        "<": (a: number) => a < n,
        ">": (a: number) => a > n,
        "<=": (a: number) => a <= n,
        ">=": (a: number) => a >= n,
      }[op as "="];
      test = (v) => textOf(v) !== "" && cmp(Number(v));
    } else if (DATES.has(f.type)) {
      const r = operandRange(field, operands[0] as Operand);
      const cmp = {
        "=": (p: number) => p >= r.start && p < r.end,
        "!=": (p: number) => p >= r.start && p < r.end,
        "<": (p: number) => p < r.start,
        ">": (p: number) => p >= r.end,
        "<=": (p: number) => p < r.end,
        ">=": (p: number) => p >= r.start,
      }[op as "="];
      test = (v) => {
        const p = pointOf(v);
        return p !== null && cmp(p);
      };
    } else {
      const s = operandText(field, operands[0] as Operand);
      const cmp = {
        "=": (a: string) => a === s,
        "!=": (a: string) => a === s,
        "<": (a: string) => a !== "" && a < s,
        ">": (a: string) => a > s,
        "<=": (a: string) => a !== "" && a <= s,
        ">=": (a: string) => a >= s,
      }[op as "="];
      test = (v) => cmp(textOf(v));
    }
    const any = f.table
      ? (rec: Rec) => valuesOf(rec, field, f).some(test)
      : (rec: Rec) => {
          const v = rec[field]?.value;
          return Array.isArray(v) ? v.some(test) : test(v);
        };
    return negate ? (rec) => !any(rec) : any;
  }

  function compile(e: Expr): (rec: Rec) => boolean {
    if (e.kind === "cond") return condition(e.field, e.op, e.values);
    const l = compile(e.left);
    const r = compile(e.right);
    return e.kind === "and" ? (rec) => l(rec) && r(rec) : (rec) => l(rec) || r(rec);
  }

  const order = q.orderBy.length ? q.orderBy : [{ field: "$id", desc: true }];
  const keys = order.map(({ field, desc }) => {
    const f = lookupField(field);
    if (f.table || f.type === "SUBTABLE") throw new QueryOperatorError(field, "");
    const key = (rec: Rec): number | string => {
      const v = rec[field]?.value;
      if (NUMERIC.has(f.type)) return textOf(v) === "" ? -Infinity : Number(v);
      if (DATES.has(f.type)) return pointOf(v) ?? -Infinity;
      return Array.isArray(v) ? v.map(textOf).join(",") : textOf(v);
    };
    return { key, desc };
  });

  const onlyById = order.length === 1 && order[0]?.field === "$id";
  return {
    matches: q.where ? compile(q.where) : () => true,
    /** Sorts records given in ascending $id order (as the store keeps them). */
    sort<R extends Rec>(records: R[]): R[] {
      if (onlyById) return order[0]?.desc ? records.reverse() : records; // the common seek/default case: no sort needed
      const decorated = records.map((rec) => ({ rec, k: keys.map(({ key }) => key(rec)) }));
      decorated.sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const x = a.k[i] as number | string;
          const y = b.k[i] as number | string;
          if (x !== y) return (x < y ? -1 : 1) * (keys[i]?.desc ? -1 : 1);
        }
        return 0;
      });
      return decorated.map((d) => d.rec);
    },
  };
}
