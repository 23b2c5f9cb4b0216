// Date ranges for query values and functions, in the requesting user's time zone. Ranges are [start, end) in ms.
export interface Range {
  start: number;
  end: number;
}
const DAY = 86_400_000;
const MINUTE = 60_000;

export function offsetMs(timezone: string, at: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
}

/** The day y-m-d (month 0-based, may overflow) as a range in the time zone. */
function dayRange(tz: string, y: number, m: number, d: number, days = 1): Range {
  const localStart = Date.UTC(y, m, d);
  const start = localStart - offsetMs(tz, localStart);
  return { start, end: start + days * DAY };
}

function localParts(tz: string, now: number): { y: number; m: number; d: number; wd: number } {
  const local = new Date(now + offsetMs(tz, now));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth(), d: local.getUTCDate(), wd: local.getUTCDay() };
}

export function minuteRange(ms: number): Range {
  const start = Math.floor(ms / MINUTE) * MINUTE;
  return { start, end: start + MINUTE };
}

/** A literal: "YYYY-MM-DD" is a whole day in the zone; a datetime is its minute. null when not a date. */
export function literalRange(text: string, tz: string): Range | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (d) return dayRange(tz, Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : minuteRange(t);
}

/** kintone's date functions; null for an unknown function or arguments. */
export function functionRange(name: string, args: string[], tz: string, now: number): Range | null {
  const { y, m, d, wd } = localParts(tz, now);
  switch (name) {
    case "NOW":
      return minuteRange(now);
    case "TODAY":
      return dayRange(tz, y, m, d);
    case "YESTERDAY":
      return dayRange(tz, y, m, d - 1);
    case "TOMORROW":
      return dayRange(tz, y, m, d + 1);
    case "FROM_TODAY": {
      const n = Number(args[0]);
      const unit = (args[1] ?? "DAYS").toUpperCase();
      if (!Number.isInteger(n)) return null;
      if (unit === "DAYS") return dayRange(tz, y, m, d + n);
      if (unit === "WEEKS") return dayRange(tz, y, m, d + 7 * n);
      if (unit === "MONTHS") return dayRange(tz, y, m + n, d);
      if (unit === "YEARS") return dayRange(tz, y + n, m, d);
      return null;
    }
    case "THIS_WEEK":
    case "LAST_WEEK":
    case "NEXT_WEEK": {
      const shift = name === "LAST_WEEK" ? -7 : name === "NEXT_WEEK" ? 7 : 0;
      return dayRange(tz, y, m, d - wd + shift, 7); // weeks start on Sunday
    }
    case "THIS_MONTH":
    case "LAST_MONTH":
    case "NEXT_MONTH": {
      const mm = m + (name === "LAST_MONTH" ? -1 : name === "NEXT_MONTH" ? 1 : 0);
      const start = dayRange(tz, y, mm, 1).start;
      return { start, end: dayRange(tz, y, mm + 1, 1).start };
    }
    case "THIS_YEAR":
    case "LAST_YEAR":
    case "NEXT_YEAR": {
      const yy = y + (name === "LAST_YEAR" ? -1 : name === "NEXT_YEAR" ? 1 : 0);
      return { start: dayRange(tz, yy, 0, 1).start, end: dayRange(tz, yy + 1, 0, 1).start };
    }
    default:
      return null;
  }
}
