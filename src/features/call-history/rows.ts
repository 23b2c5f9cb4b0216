// A call-history record → what one row of the panel shows. Pure; the view renders it as text only.
import { fieldText, type KintoneRecord } from "../../shared/kintone/record";
import { isHttpUrl } from "../safe-url";
import type { Settings } from "../../shared/settings";

export interface Recording {
  url: string;
  /** Only http(s) URLs become players; anything else is shown as text. */
  playable: boolean;
}

export interface HistoryRow {
  id: string;
  /** Formatted in the user's timezone; "" when unknown. */
  when: string;
  direction: string;
  status: string;
  agent: string;
  /** "m:ss", "" when unknown. */
  duration: string;
  memo: string;
  recordings: Recording[];
  transcription: string;
}

export function formatDuration(seconds: string | number): string {
  const n = typeof seconds === "number" ? seconds : seconds.trim() === "" ? NaN : Number(seconds);
  if (!Number.isFinite(n) || n < 0) return "";
  const total = Math.round(n);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "2026-11-24 14:00" in the given IANA timezone; falls back to UTC when the zone is unknown. */
export function dateTimeFormatter(timeZone: string): (iso: string) => string {
  let fmt: Intl.DateTimeFormat;
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };
  try {
    fmt = new Intl.DateTimeFormat("en-CA", { ...options, timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat("en-CA", { ...options, timeZone: "UTC" });
  }
  return (iso) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return "";
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
}

export type Labels = (kind: "direction" | "status", raw: string) => string;

/**
 * The catalogue key for a stored direction/status: a CallConnect code ("200", "outgoing") or the Japanese
 * label the connector writes ("発信通話"), so an English user reads English either way. null = show as stored.
 */
export function labelKey(kind: "direction" | "status", raw: string, japanese: Record<string, string>): string | null {
  const prefix = `${kind}.`;
  if (`${prefix}${raw}` in japanese) return `${prefix}${raw}`;
  return Object.keys(japanese).find((k) => k.startsWith(prefix) && japanese[k] === raw) ?? null;
}

export function shapeRow(
  record: KintoneRecord,
  fields: Settings["history"]["fields"],
  formatWhen: (iso: string) => string,
  label: Labels,
): HistoryRow {
  const text = (code: string) => (code ? fieldText(record[code]) : "");
  const urls = text(fields.recordingUrls)
    .split(/\s+/)
    .map((u) => u.trim())
    .filter(Boolean);
  const direction = text(fields.direction).trim();
  const status = text(fields.status).trim();
  return {
    id: fieldText(record.$id),
    when: formatWhen(text(fields.datetime)),
    direction: direction && label("direction", direction),
    status: status && label("status", status),
    agent: text(fields.agent),
    duration: formatDuration(text(fields.duration)),
    memo: text(fields.memo),
    recordings: urls.map((url) => ({ url, playable: isHttpUrl(url) })),
    transcription: text(fields.transcription),
  };
}
