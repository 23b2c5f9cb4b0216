// CallConnect's webhook delivery → one call-history record, by the plugin's mapping. Pure: no Node, no kintone.
// Field names beyond record[id]/record[status] are this project's assumption (docs/callconnect-api.md).
import { CALL_EVENTS, type CallEvent, type Settings } from "../../shared/settings";
import { formatNational, normalizePhone, phoneFieldFor } from "../../shared/phone";
import { translator, type Lang } from "../../shared/i18n";
import { connectorMessages, type ConnectorMessageKey } from "../../shared/messages/connector";

export interface CallContact {
  id: string;
  name: string;
  number: string;
  company: string;
  email: string;
  address: string;
  memo: string;
}

/**
 * Deliveries the connector makes itself, on the same lane as the call's: `call_ringing` (a ring whose unknown caller
 * 顧客作成 registers at once, for the screen pop) and `wrapup` (the agent's result and memo after the call).
 */
export type OwnEvent = "call_ringing" | "wrapup";

export interface CallDelivery {
  callId: string;
  event: CallEvent | OwnEvent;
  status: string;
  direction: string;
  /** The other party's number as CallConnect sent it. */
  number: string;
  /** E.164, or null when the number is not a valid phone number (e.g. 非通知). */
  e164: string | null;
  startedAt: string;
  duration: number | null;
  userName: string;
  userEmail: string;
  memo: string;
  recordingUrls: string[];
  transcription: string;
  contact: CallContact;
  /** wrapup: the result chosen and the kintone login of the agent who chose it. */
  result: string;
  wrapupUser: string;
}

export type ParseResult = { ok: true; delivery: CallDelivery } | { ok: false; reason: string };

/** Unanswered calls when CallConnect sends no record[event] (status codes as docs/callconnect-api.md). */
const MISSED_STATUSES = new Set(["101", "201", "202"]);

const isHttpUrl = (s: string) => /^https?:\/\/\S+$/i.test(s);

export function parseCallDelivery(form: URLSearchParams): ParseResult {
  const get = (k: string) => (form.get(k) ?? "").trim();
  const callId = get("record[id]");
  if (!callId) return { ok: false, reason: "record[id] is missing" };
  const status = get("record[status]");
  const rawEvent = get("record[event]");
  let event: CallDelivery["event"];
  if (rawEvent === "") event = MISSED_STATUSES.has(status) ? "call_missed" : "call_ended";
  else if ((CALL_EVENTS as readonly string[]).includes(rawEvent) || rawEvent === "call_ringing" || rawEvent === "wrapup")
    event = rawEvent as CallDelivery["event"];
  else return { ok: false, reason: `record[event] "${rawEvent.slice(0, 40)}" is not one of ${CALL_EVENTS.join(", ")}` };
  const number = get("record[number]") || get("contact[number]");
  const durationText = get("record[duration]");
  const duration = durationText !== "" && /^\d+(\.\d+)?$/.test(durationText) ? Math.round(Number(durationText)) : null;
  const urls = [...form.getAll("record[recording_urls][]"), ...form.getAll("record[recording_urls]")]
    .flatMap((u) => u.split(/\r?\n/))
    .map((u) => u.trim())
    .filter(isHttpUrl);
  return {
    ok: true,
    delivery: {
      callId,
      event,
      status,
      direction: get("record[direction]"),
      number,
      e164: number ? normalizePhone(number) : null,
      startedAt: get("record[started_at]"),
      duration,
      userName: get("record[user_name]"),
      userEmail: get("record[user_email]"),
      memo: get("record[memo]"),
      recordingUrls: [...new Set(urls)],
      transcription: get("record[transcription]"),
      contact: {
        id: get("contact[id]"),
        name: get("contact[name]"),
        number: get("contact[number]"),
        company: get("contact[company]"),
        email: get("contact[email]"),
        address: get("contact[address]"),
        memo: get("contact[memo]"),
      },
      result: get("record[result]"),
      wrapupUser: get("record[wrapup_user]"),
    },
  };
}

/** kintone's DATETIME form (UTC, seconds), or "" when the text is not a date. */
export function toKintoneDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "" : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The login name to try for the agent: the admin's exceptions table first (by the agent's e-mail or name, case
 * aside), else the e-mail's local part. kintone users cannot be listed with an API token (docs/connector.md).
 */
export function agentLoginCandidate(delivery: CallDelivery, exceptions: Settings["agents"] = []): string | null {
  if (delivery.wrapupUser) return delivery.wrapupUser; // a kintone login already
  const names = [delivery.userEmail, delivery.userName].map((n) => n.trim().toLowerCase()).filter(Boolean);
  const mapped = exceptions.find((a) => names.includes(a.callconnect.trim().toLowerCase()));
  if (mapped) return mapped.kintoneUser;
  const local = delivery.userEmail.split("@")[0]?.trim() ?? "";
  return local && delivery.userEmail.includes("@") ? local : null;
}

export interface HistoryContext {
  /** Type of the mapped agent field: USER_SELECT gets a user code, anything else the name. */
  agentFieldType: string;
  /** The kintone login to write into a USER_SELECT agent field; null = not matched. */
  agentCode: string | null;
  /** Record number of the linked customer, when one matches. */
  customerRecordId: string | null;
  /**
   * The linked customer's phone field as it is written there: kintone's 関連レコード一覧 joins on equal text,
   * so the history's phone field carries that notation (national notation otherwise).
   */
  phoneText?: string;
  lang?: Lang;
}

export type RecordValues = Record<string, { value: unknown }>;

/**
 * The history fields this delivery knows, keyed by the mapped field codes. Absent values are left out, so a
 * later event (memo saved, transcription done) updates the same record without blanking what came before.
 */
export function buildHistoryRecord(delivery: CallDelivery, fields: Settings["history"]["fields"], ctx: HistoryContext): RecordValues {
  const t = translator(connectorMessages, ctx.lang ?? "ja");
  const out: RecordValues = {};
  const put = (code: string, value: unknown) => {
    if (!code) return;
    if (value === "" || value === null || (Array.isArray(value) && value.length === 0)) return;
    out[code] = { value };
  };
  const label = (key: string, fallback: string) => (key in connectorMessages.ja ? t(key as ConnectorMessageKey) : fallback);
  put(fields.phone, ctx.phoneText || (delivery.e164 ? formatNational(delivery.e164) : delivery.number));
  put(fields.normalizedPhone, delivery.e164 ?? "");
  put(fields.callId, delivery.callId);
  put(fields.datetime, toKintoneDateTime(delivery.startedAt));
  put(fields.direction, delivery.direction ? label(`direction.${delivery.direction}`, delivery.direction) : "");
  put(fields.status, delivery.status ? label(`status.${delivery.status}`, delivery.status) : "");
  put(fields.duration, delivery.duration === null ? "" : String(delivery.duration));
  const agentText = delivery.userName || delivery.userEmail;
  let memo = delivery.memo;
  if (ctx.agentFieldType === "USER_SELECT") {
    if (ctx.agentCode) put(fields.agent, [{ code: ctx.agentCode }]);
    else if (agentText && fields.memo) memo = [memo, t("agent.unmatched", { agent: agentText })].filter(Boolean).join("\n");
  } else put(fields.agent, agentText);
  put(fields.memo, memo);
  put(fields.recordingUrls, delivery.recordingUrls.join("\n"));
  put(fields.transcription, delivery.transcription);
  put(fields.customer, ctx.customerRecordId ?? "");
  put(fields.result, delivery.result);
  return out;
}

/** Where the agent's wrap-up memo starts inside the history's memo field, after CallConnect's own memo. */
export const WRAPUP_MARK = "【対応メモ】";

/**
 * CallConnect's memo and the agent's wrap-up memo share one field: each replaces only its own part, so neither
 * arriving later loses the other.
 */
export function combineMemo(existing: string, incoming: string, fromWrapup: boolean): string {
  const cut = existing.indexOf(WRAPUP_MARK);
  const callconnect = (cut >= 0 ? existing.slice(0, cut) : existing).trimEnd();
  const wrapup = cut >= 0 ? existing.slice(cut + WRAPUP_MARK.length) : "";
  const parts = fromWrapup ? [callconnect, incoming] : [incoming, wrapup];
  return [parts[0], parts[1] ? `${WRAPUP_MARK}${parts[1]}` : ""].filter(Boolean).join("\n");
}

/**
 * Texts cut to their field's maximum length, with a note saying so inside the limit: a memo too long for its field
 * must not cost the call its history record.
 */
export function fitToFields(values: RecordValues, maxLength: Record<string, number>, lang: Lang = "ja"): RecordValues {
  const t = translator(connectorMessages, lang);
  const out: RecordValues = {};
  for (const [code, field] of Object.entries(values)) {
    const max = maxLength[code];
    const text = field.value;
    if (max === undefined || typeof text !== "string" || [...text].length <= max) {
      out[code] = field;
      continue;
    }
    const note = t("text.cut", { total: String([...text].length) });
    const keep = Math.max(0, max - [...note].length);
    out[code] = { value: [...text].slice(0, keep).join("") + note.slice(0, max) };
  }
  return out;
}

/**
 * 顧客作成: the customer record for an unknown caller — the number, plus whatever CallConnect knows about the
 * contact in the mapped fields ("only the phone number when CallConnect knows nothing else").
 */
export function buildCallerCustomerRecord(delivery: CallDelivery, customer: Settings["customer"], lang: Lang = "ja"): RecordValues {
  const out: RecordValues = {};
  const phoneField = phoneFieldFor(delivery.e164, customer.phoneFields);
  if (phoneField) out[phoneField] = { value: delivery.e164 ? formatNational(delivery.e164) : delivery.number };
  const c = delivery.contact;
  const known: Record<keyof Settings["customer"]["fields"], string> = {
    name: c.name,
    company: c.company,
    email: c.email,
    address: c.address,
    memo: c.memo,
  };
  for (const [key, code] of Object.entries(customer.fields) as [keyof typeof known, string][]) {
    if (code && known[key]) out[code] = { value: known[key] };
  }
  // Someone reading the record later should know where it came from.
  if (customer.fields.memo) {
    const origin = translator(connectorMessages, lang)("caller.origin", {
      at: toKintoneDateTime(delivery.startedAt) || delivery.startedAt,
      call: delivery.callId,
    });
    out[customer.fields.memo] = { value: [c.memo, origin].filter(Boolean).join("\n") };
  }
  return out;
}

/** Whether the admin chose this delivery's 通知イベント. */
export function isChosenEvent(delivery: CallDelivery, events: readonly CallEvent[]): boolean {
  // The agent's wrap-up is always written; a ring is never a history record of its own.
  if (delivery.event === "wrapup") return true;
  if (delivery.event === "call_ringing") return false;
  return events.includes(delivery.event);
}
