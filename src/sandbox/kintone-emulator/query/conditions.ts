// One condition (`field op value`) as a test on a single value, with kintone's per-type rules.
import { functionRange, type Granularity, literalRange, type Range } from "./dates.js";
import { QueryChoiceError, QueryFunctionError, QueryOperatorError } from "./errors.js";
import { allowedOps, DATES, type FieldInfo, IN, LIKE, NUMERIC, SYSTEM_TIMES } from "./field-types.js";
import type { Op, Operand } from "./parse.js";
import { wordSearch } from "./words.js";

export interface ConditionContext {
  loginUser: string;
  timezone: string;
  now: number;
  /** How 作成日時/更新日時 are compared; kintone's is unknown (docs/kintone-emulator.md). Default minute. */
  timePrecision?: Granularity;
}
/** `test` looks at one value (one cell for subtable fields); `negate`: the record matches when no value passes. */
export interface Condition {
  test: (v: unknown) => boolean;
  negate: boolean;
}

export const textOf = (v: unknown): string =>
  v === null || v === undefined
    ? ""
    : typeof v === "object"
      ? String((v as { code?: unknown; name?: unknown }).code ?? (v as { name?: unknown }).name ?? "")
      : String(v);

/** A DATE value is the start of that day in the user's zone; a datetime is the instant stored. */
export function pointOf(v: unknown, timezone: string): number | null {
  if (v === null || v === undefined || v === "") return null;
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return literalRange(s, timezone)?.start ?? null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

const COMPARE: Record<string, <T>(a: T, b: T) => boolean> = {
  "<": (a, b) => a < b,
  ">": (a, b) => a > b,
  "<=": (a, b) => a <= b,
  ">=": (a, b) => a >= b,
};

export function condition(field: string, f: FieldInfo, op: Op, operands: Operand[], ctx: ConditionContext): Condition {
  const inTable = f.table !== undefined;
  if (!allowedOps(f.type, inTable).includes(op)) throw new QueryOperatorError(field, op, inTable && allowedOps(f.type, false).includes(op));
  const text = (o: Operand | undefined): string => {
    if (o && o.kind !== "fn") return o.value;
    if (o?.kind === "fn" && o.name === "LOGINUSER" && o.args.length === 0) return ctx.loginUser;
    throw new QueryOperatorError(field, "");
  };
  const negate = op === "!=" || op === "not in" || op === "not like";
  const first = operands[0];

  // Empty: no value, an empty list, or only whitespace. `is empty` holds when no value (no row) is filled.
  if (op === "is empty" || op === "is not empty")
    return { negate: op === "is empty", test: (v) => !(Array.isArray(v) ? v.length === 0 : textOf(v).trim() === "") };
  if (LIKE.includes(op)) {
    const search = wordSearch(text(first));
    const hay = (v: unknown) => (Array.isArray(v) ? v.map((x) => (x as { name?: string }).name ?? textOf(x)).join("\n") : textOf(v));
    return { negate, test: (v) => search(hay(v)) };
  }
  if (IN.includes(op)) {
    const set = new Set(operands.map(text));
    const unknown = f.options && [...set].find((v) => v !== "" && !f.options?.includes(v));
    if (unknown) throw new QueryChoiceError(field, unknown);
    // in ("") matches no value and the empty string alike.
    const one = NUMERIC.has(f.type)
      ? (v: unknown) => [...set].some((s) => (s === "" ? textOf(v) === "" : textOf(v) !== "" && Number(s) === Number(v)))
      : (v: unknown) => set.has(textOf(v));
    return { negate, test: (v) => (Array.isArray(v) ? (v.length === 0 ? set.has("") : v.some(one)) : one(v)) };
  }
  const eq = op === "=" || op === "!=";
  if ((NUMERIC.has(f.type) || DATES.has(f.type)) && first?.kind !== "fn" && text(first) === "") {
    // = "" / != "" test for no value; ordering against nothing is kintone's GAIA_IL08.
    if (!eq) throw new QueryFunctionError("GAIA_IL08");
    return { negate, test: (v) => textOf(v) === "" };
  }
  if (NUMERIC.has(f.type)) {
    const n = Number(text(first));
    if (Number.isNaN(n)) throw new QueryOperatorError(field, "");
    const cmp = COMPARE[op];
    return { negate, test: (v) => textOf(v) !== "" && (eq ? Number(v) === n : (cmp?.(Number(v), n) ?? false)) };
  }
  if (DATES.has(f.type)) {
    const g: Granularity = SYSTEM_TIMES.has(f.type) ? (ctx.timePrecision ?? "minute") : "minute";
    const r: Range | null =
      first?.kind === "fn" ? functionRange(first.name, first.args, ctx.timezone, ctx.now, g) : literalRange(text(first), ctx.timezone, g);
    if (!r) throw new QueryOperatorError(field, "");
    const within = { "=": (p: number) => p >= r.start && p < r.end, "<": (p: number) => p < r.start, ">": (p: number) => p >= r.end };
    const cmp = eq ? within["="] : { ...within, "<=": (p: number) => p < r.end, ">=": (p: number) => p >= r.start }[op as "<"];
    return {
      negate,
      test: (v) => {
        const p = pointOf(v, ctx.timezone);
        return p !== null && cmp(p);
      },
    };
  }
  const s = text(first);
  const cmp = COMPARE[op];
  // An empty text is less than nothing: kintone leaves it out of < and <=.
  return { negate, test: (v) => (eq ? textOf(v) === s : (op[0] !== "<" || textOf(v) !== "") && (cmp?.(textOf(v), s) ?? false)) };
}
