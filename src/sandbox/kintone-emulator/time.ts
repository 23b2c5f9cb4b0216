// One clock for every created/updated stamp and date function, and the precision 作成日時/更新日時 are kept at.
// kintone shows them to the minute; whether it compares stored seconds is not known, so both are emulated.
import { toKintoneDateTime } from "./fields.js";
import type { StoredRecord } from "./types.js";

export type TimePrecision = "second" | "minute";

export interface Timekeeper {
  now(): Date;
  precision: TimePrecision;
  /** The stored value of a created/updated time. */
  stamp(at: Date): string;
  /** The record as the API shows it: created/updated times cut to the minute. */
  shown(rec: StoredRecord): StoredRecord;
}

const SYSTEM_TIMES = new Set(["CREATED_TIME", "UPDATED_TIME"]);

export function precisionFrom(option: TimePrecision | undefined, env = process.env.KINTONE_EMULATOR_TIME_PRECISION): TimePrecision {
  const value = option ?? (env || "minute");
  if (value !== "second" && value !== "minute") throw new Error(`KINTONE_EMULATOR_TIME_PRECISION must be second or minute, not ${value}`);
  return value;
}

export function createTimekeeper(options: { timePrecision?: TimePrecision; clock?: () => Date }): Timekeeper {
  const precision = precisionFrom(options.timePrecision);
  const now = options.clock ?? (() => new Date());
  if (precision === "minute") return { now, precision, stamp: toKintoneDateTime, shown: (rec) => rec };
  return {
    now,
    precision,
    stamp: (at) => at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    shown(rec) {
      const out: StoredRecord = { ...rec };
      for (const [code, f] of Object.entries(rec))
        if (SYSTEM_TIMES.has(f.type) && typeof f.value === "string" && f.value !== "")
          out[code] = { ...f, value: toKintoneDateTime(new Date(f.value)) } as StoredRecord[string];
      return out;
    },
  };
}
