// CallConnect's webhook body: application/x-www-form-urlencoded `contact[…]` + `record[…]` (docs/callconnect-api.md).
import type { CallRow, Customer } from "./store.js";
import { formatNational } from "../../shared/phone.js";

export const CALL_WEBHOOK_EVENTS = ["call_ended", "call_missed", "memo_saved", "transcription_done"] as const;
export type CallWebhookEvent = (typeof CALL_WEBHOOK_EVENTS)[number];

/** CallConnect shows times in Japan time with an offset, e.g. 2017-10-06T21:56:12.897+09:00. */
export function toJstIso(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3600_000).toISOString().replace("Z", "+09:00");
}

export function recordingUrls(publicUrl: string, call: Pick<CallRow, "id" | "recordings">): string[] {
  const base = publicUrl.replace(/\/+$/, "");
  return Array.from({ length: call.recordings }, (_, i) => `${base}/callconnect/recordings/${call.id}-${i + 1}.wav`);
}

/** The events one ended call produces, in the order they are sent. */
export function eventsOf(call: Pick<CallRow, "result" | "memo">): CallWebhookEvent[] {
  const answered = call.result === "answered";
  const events: CallWebhookEvent[] = [answered ? "call_ended" : "call_missed"];
  if (call.memo.trim() !== "") events.push("memo_saved");
  if (answered) events.push("transcription_done");
  return events;
}

export function webhookForm(event: CallWebhookEvent, call: CallRow, customer: Customer | null, publicUrl: string): string {
  const form = new URLSearchParams();
  const shownNumber = call.number_e164 && customer?.numbers.includes(call.number_e164) ? formatNational(call.number_e164) : call.display;
  const contact: Record<string, string> = {
    id: customer ? String(customer.id) : "",
    name: customer?.name ?? "",
    number: shownNumber,
    company: customer?.company ?? "",
    email: customer?.email ?? "",
    address: customer?.address ?? "",
    memo: customer?.memo ?? "",
    created_at: customer ? toJstIso(customer.created_at) : "",
    external_id: customer?.external_id ?? "",
    external_info: customer?.external_info ?? "",
  };
  for (const [k, value] of Object.entries(contact)) form.append(`contact[${k}]`, value);
  const record: Record<string, string> = {
    id: String(call.id),
    status: String(call.status_code ?? ""),
    event,
    direction: call.direction,
    number: call.display,
    started_at: toJstIso(call.started_at),
    duration: String(call.duration),
    user_name: call.user_name,
    user_email: call.user_email,
    memo: call.memo,
  };
  for (const [k, value] of Object.entries(record)) form.append(`record[${k}]`, value);
  for (const url of recordingUrls(publicUrl, call)) form.append("record[recording_urls][]", url);
  if (event === "transcription_done") form.append("record[transcription]", call.transcription);
  return form.toString();
}
