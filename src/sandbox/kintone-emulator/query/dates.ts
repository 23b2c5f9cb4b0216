// Date ranges for query values and functions, in the requesting user's time zone. Ranges are [start, end) in ms.
import { QueryFunctionError } from "./errors.js";

export interface Range {
  start: number;
  end: number;
}
/** How finely a datetime literal or NOW() is read: kintone's minute, or the second (one of the unknown modes). */
export type Granularity = "minute" | "second";
const DAY = 86_400_000;
const STEP: Record<Granularity, number> = { minute: 60_000, second: 1_000 };
const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];
const UNITS = ["DAYS", "WEEKS", "MONTHS", "YEARS"];

export function offsetMs(timezone: string, at: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/** The day y-m-d (month 0-based; days and months may overflow, as Date.UTC allows) as a range in the zone. */
function dayRange(tz: string, y: number, m: number, d: number, days = 1): Range {
  const localStart = Date.UTC(y, m, d);
  const start = localStart - offsetMs(tz, localStart);
  return { start, end: start + days * DAY };
}

function localParts(tz: string, now: number): { y: number; m: number; d: number; wd: number } {
  const local = new Date(now + offsetMs(tz, now));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth(), d: local.getUTCDate(), wd: local.getUTCDay() };
}

export function pointRange(ms: number, g: Granularity = "minute"): Range {
  const start = Math.floor(ms / STEP[g]) * STEP[g];
  return { start, end: start + STEP[g] };
}

/** A literal: "YYYY-MM-DD" is a whole day in the zone; a datetime is its minute (or second). null when not a date. */
export function literalRange(text: string, tz: string, g: Granularity = "minute"): Range | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (d) return dayRange(tz, Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : pointRange(t, g);
}

const shiftOf = (name: string) => (name.startsWith("LAST_") ? -1 : name.startsWith("NEXT_") ? 1 : 0);

function noArgs(args: string[]): void {
  if (args.length > 0) throw new QueryFunctionError("GAIA_IL08");
}

function fromToday(args: string[], tz: string, p: ReturnType<typeof localParts>): Range {
  if (args.length !== 2 || !/^[+-]?\d+$/.test(args[0] ?? "")) throw new QueryFunctionError("GAIA_IL08");
  const n = Number(args[0]);
  const unit = String(args[1]).toUpperCase();
  if (!UNITS.includes(unit)) throw new QueryFunctionError("GAIA_IQ25", String(args[1]));
  if (unit === "DAYS") return dayRange(tz, p.y, p.m, p.d + n);
  if (unit === "WEEKS") return dayRange(tz, p.y, p.m, p.d + 7 * n);
  if (unit === "MONTHS") return dayRange(tz, p.y, p.m + n, p.d);
  return dayRange(tz, p.y + n, p.m, p.d);
}

/** THIS_MONTH(), THIS_MONTH(LAST) (its last day), THIS_MONTH(15) (that day; a day past the month's end rolls over). */
function month(name: string, args: string[], tz: string, p: ReturnType<typeof localParts>): Range {
  const mm = p.m + shiftOf(name);
  if (args.length === 0) return { start: dayRange(tz, p.y, mm, 1).start, end: dayRange(tz, p.y, mm + 1, 1).start };
  const arg = String(args[0]);
  if (args.length > 1) throw new QueryFunctionError("GAIA_IL08");
  if (arg.toUpperCase() === "LAST") return dayRange(tz, p.y, mm + 1, 0);
  const day = /^\d+$/.test(arg) ? Number(arg) : NaN;
  if (!(day >= 1 && day <= 31)) throw new QueryFunctionError("GAIA_IQ23", arg);
  return dayRange(tz, p.y, mm, day);
}

/** THIS_WEEK() (Sunday to Saturday) or THIS_WEEK(MONDAY) (that day of the week). */
function week(name: string, args: string[], tz: string, p: ReturnType<typeof localParts>): Range {
  const sunday = p.d - p.wd + 7 * shiftOf(name);
  if (args.length === 0) return dayRange(tz, p.y, p.m, sunday, 7);
  const day = WEEKDAYS.indexOf(String(args[0]).toUpperCase());
  if (args.length > 1 || day < 0) throw new QueryFunctionError("GAIA_IL08");
  return dayRange(tz, p.y, p.m, sunday + day);
}

/** kintone's date functions; null for a function that is not one of them. */
export function functionRange(name: string, args: string[], tz: string, now: number, g: Granularity = "minute"): Range | null {
  const p = localParts(tz, now);
  if (name === "FROM_TODAY") return fromToday(args, tz, p);
  if (/^(THIS|LAST|NEXT)_MONTH$/.test(name)) return month(name, args, tz, p);
  if (/^(THIS|LAST|NEXT)_WEEK$/.test(name)) return week(name, args, tz, p);
  const simple: Record<string, () => Range> = {
    NOW: () => pointRange(now, g),
    TODAY: () => dayRange(tz, p.y, p.m, p.d),
    YESTERDAY: () => dayRange(tz, p.y, p.m, p.d - 1),
    TOMORROW: () => dayRange(tz, p.y, p.m, p.d + 1),
  };
  const yearFn = /^(THIS|LAST|NEXT)_YEAR$/.test(name)
    ? () => ({ start: dayRange(tz, p.y + shiftOf(name), 0, 1).start, end: dayRange(tz, p.y + shiftOf(name) + 1, 0, 1).start })
    : undefined;
  const fn = simple[name] ?? yearFn;
  if (!fn) return null;
  noArgs(args);
  return fn();
}
