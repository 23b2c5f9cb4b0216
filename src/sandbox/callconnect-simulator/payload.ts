// CallConnect's webhook body: application/x-www-form-urlencoded `contact[…]` + `record[…]` (docs/callconnect-api.md).
import type { CallRow, Customer } from "./store.js";
import { formatNational } from "../../shared/phone.js";
import { liveEventFields, type ContactField, type LiveEventName } from "../../shared/callconnect/live-events.js";

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

/** The agents whose phones the call was on: those it rang for, else the agent who placed or took it. */
export function ringToOf(call: Pick<CallRow, "ring_to" | "user_email">): string[] {
  const rang = call.ring_to.split("\n").filter((e) => e !== "");
  return rang.length ? rang : call.user_email ? [call.user_email] : [];
}

function contactOf(call: CallRow, customer: Customer | null): Record<ContactField, string> {
  const shownNumber = call.number_e164 && customer?.numbers.includes(call.number_e164) ? formatNational(call.number_e164) : call.display;
  return {
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
}

export function webhookForm(event: CallWebhookEvent, call: CallRow, customer: Customer | null, publicUrl: string): string {
  const form = new URLSearchParams();
  for (const [k, value] of Object.entries(contactOf(call, customer))) form.append(`contact[${k}]`, value);
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
  if (event === "call_ended" || event === "call_missed") for (const email of ringToOf(call)) form.append("record[ring_to][]", email);
  for (const url of recordingUrls(publicUrl, call)) form.append("record[recording_urls][]", url);
  if (event === "transcription_done") form.append("record[transcription]", call.transcription);
  return form.toString();
}

/** call_ringing / call_answered, formatted by the definition the connector parses with (src/shared/callconnect/live-events.ts). */
export function liveForm(event: LiveEventName, call: CallRow, customer: Customer | null, sentAt = new Date().toISOString()): string {
  const contact = contactOf(call, customer);
  const fields = liveEventFields(
    {
      event,
      callId: String(call.id),
      direction: call.direction,
      number: call.display,
      startedAt: toJstIso(call.started_at),
      sentAt: toJstIso(sentAt),
      ringTo: ringToOf(call),
      answeredBy: event === "call_answered" ? { email: call.user_email, name: call.user_name } : null,
      contact: { id: contact.id, name: contact.name, company: contact.company },
    },
    contact,
  );
  return new URLSearchParams(fields).toString();
}
