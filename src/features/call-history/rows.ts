// A call-history record → what one row of the panel shows. Pure; the view renders it as text only.
import { fieldText, type KintoneRecord } from "../../shared/kintone/record";
import { isHttpUrl } from "../safe-url";
import type { Settings } from "../../shared/settings";

export interface Recording {
  url: string;
  /** Only http(s) URLs become players; anything else is shown as text. */
  playable: boolean;
  /** Which part of the call it is: a held call has one recording before the hold and one after each. */
  label: string;
}

export interface HistoryRow {
  id: string;
  /** Formatted in the user's timezone and language; "" when unknown. */
  when: string;
  /** "" when the status already says it (発信通話 says 発信). */
  direction: string;
  status: string;
  agent: string;
  /** "m:ss", "h:mm:ss", then days; "" when unknown. */
  duration: string;
  memo: string;
  /** The memo's first lines when it is too long to show whole; null when it is short. */
  memoPreview: string | null;
  recordings: Recording[];
  transcription: string;
}

/** Words a row needs in the user's language. */
export interface RowWords {
  days(n: number): string;
  /** `count` recordings of one call; `index` from 1. */
  recording(index: number, count: number): string;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function formatDuration(seconds: string | number, days: (n: number) => string = (n) => `${n}d`): string {
  const n = typeof seconds === "number" ? seconds : seconds.trim() === "" ? NaN : Number(seconds);
  if (!Number.isFinite(n) || n < 0) return "";
  const total = Math.round(n);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  if (d > 0) return `${days(d)} ${h}:${pad(m)}:${pad(s)}`;
  if (h > 0) return `${h}:${pad(m)}:${pad(s)}`;
  return `${m}:${pad(s)}`;
}

/**
 * Date and time as kintone shows them to this user: their timezone, their language's notation
 * (ja "2026/11/24 14:00", en "11/24/2026, 02:00 PM"); UTC when the zone is unknown.
 */
export function dateTimeFormatter(timeZone: string, lang: "ja" | "en" = "ja"): (iso: string) => string {
  const locale = lang === "en" ? "en-US" : "ja-JP";
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
  }
  return (iso) => {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? "" : fmt.format(new Date(t));
  };
}

const PREVIEW_CHARS = 200;
const PREVIEW_LINES = 3;

/** The first lines of a long text, or null when it is short enough to show whole. */
export function foldText(text: string): string | null {
  const lines = text.split(/\r?\n/);
  if (text.length <= PREVIEW_CHARS && lines.length <= PREVIEW_LINES) return null;
  const head = lines.slice(0, PREVIEW_LINES).join("\n");
  return `${head.length > PREVIEW_CHARS ? head.slice(0, PREVIEW_CHARS) : head}…`;
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
  words: RowWords,
): HistoryRow {
  const text = (code: string) => (code ? fieldText(record[code]) : "");
  const urls = text(fields.recordingUrls)
    .split(/\s+/)
    .map((u) => u.trim())
    .filter(Boolean);
  const rawDirection = text(fields.direction).trim();
  const rawStatus = text(fields.status).trim();
  const direction = rawDirection && label("direction", rawDirection);
  const status = rawStatus && label("status", rawStatus);
  const memo = text(fields.memo);
  return {
    id: fieldText(record.$id),
    when: formatWhen(text(fields.datetime)),
    direction: status && direction && status.toLowerCase().includes(direction.toLowerCase()) ? "" : direction,
    status,
    agent: text(fields.agent),
    duration: formatDuration(text(fields.duration), words.days),
    memo,
    memoPreview: foldText(memo),
    recordings: urls.map((url, i) => ({ url, playable: isHttpUrl(url), label: words.recording(i + 1, urls.length) })),
    transcription: text(fields.transcription),
  };
}
