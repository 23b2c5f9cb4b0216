// CallConnect's live call events (screen pop), as this project assumes them: docs/callconnect-api.md, "Live call
// events". The simulator formats them with liveEventFields and a receiver reads them with parseLiveEvent, so both
// sides share one definition. Pure: the form is whatever URLSearchParams the runtime has.

export const LIVE_EVENTS = ["call_ringing", "call_answered"] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];
export type LiveDirection = "incoming" | "outgoing";

/** The contact[…] fields CallConnect sends with every delivery, in the order it sends them. */
export const CONTACT_FIELDS = [
  "id",
  "name",
  "number",
  "company",
  "email",
  "address",
  "memo",
  "created_at",
  "external_id",
  "external_info",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface LiveEvent {
  event: LiveEventName;
  callId: string;
  direction: LiveDirection;
  /** The other party's number as CallConnect shows it (record[number], else contact[number]). */
  number: string;
  /** ISO 8601 with offset; "" when absent. */
  startedAt: string;
  /** ISO 8601: when CallConnect first sent the event (the same on every retry), so a receiver can drop stale ones. */
  sentAt: string;
  /** E-mails (lower case) of the agents the call rings for. */
  ringTo: string[];
  /** call_answered: the agent on the call; null on call_ringing or when CallConnect names nobody. */
  answeredBy: { email: string; name: string } | null;
  /** What CallConnect knows of the contact; "" when nothing. */
  contact: { id: string; name: string; company: string };
}

/** What parseLiveEvent reads: URLSearchParams in the browser and in Node. */
export interface FormReader {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export type LiveEventParse = { ok: true; event: LiveEvent } | { ok: false; reason: string };

const MAX_ID = 128;
const MAX_RING_TO = 100;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const isIso = (s: string) => ISO.test(s) && !Number.isNaN(Date.parse(s));

export function isLiveEventName(name: string): name is LiveEventName {
  return (LIVE_EVENTS as readonly string[]).includes(name);
}

/** True when the delivery is a live event (route it here), false for the call-end events. */
export function isLiveEventForm(form: FormReader): boolean {
  return isLiveEventName((form.get("record[event]") ?? "").trim());
}

export function parseLiveEvent(form: FormReader): LiveEventParse {
  const get = (k: string) => (form.get(k) ?? "").trim();
  const event = get("record[event]");
  if (!isLiveEventName(event))
    return { ok: false, reason: `record[event] "${event.slice(0, 40)}" is not one of ${LIVE_EVENTS.join(", ")}` };
  const callId = get("record[id]");
  if (!callId) return { ok: false, reason: "record[id] is missing" };
  if (callId.length > MAX_ID) return { ok: false, reason: `record[id] is longer than ${MAX_ID} characters` };
  const direction = get("record[direction]");
  if (direction !== "incoming" && direction !== "outgoing") return { ok: false, reason: "record[direction] must be incoming or outgoing" };
  const sentAt = get("record[sent_at]");
  if (!isIso(sentAt)) return { ok: false, reason: "record[sent_at] must be an ISO 8601 date-time" };
  const startedAt = get("record[started_at]");
  if (startedAt !== "" && !isIso(startedAt)) return { ok: false, reason: "record[started_at] must be an ISO 8601 date-time" };
  const ringTo = [
    ...new Set([...form.getAll("record[ring_to][]"), ...form.getAll("record[ring_to]")].map((e) => e.trim().toLowerCase())),
  ].filter((e) => e !== "");
  if (ringTo.length > MAX_RING_TO) return { ok: false, reason: `record[ring_to][] names more than ${MAX_RING_TO} agents` };
  const email = get("record[user_email]").toLowerCase();
  const name = get("record[user_name]");
  return {
    ok: true,
    event: {
      event,
      callId,
      direction,
      number: get("record[number]") || get("contact[number]"),
      startedAt,
      sentAt,
      ringTo,
      answeredBy: event === "call_answered" && (email || name) ? { email, name } : null,
      contact: { id: get("contact[id]"), name: get("contact[name]"), company: get("contact[company]") },
    },
  };
}

/**
 * The form fields of one live event, in order, for `new URLSearchParams(fields)`. `contact` adds the contact[…]
 * fields the parsed event does not carry (number, email, …); id, name and company come from the event.
 */
export function liveEventFields(e: LiveEvent, contact: Partial<Record<ContactField, string>> = {}): [string, string][] {
  const known: Partial<Record<ContactField, string>> = { ...contact, id: e.contact.id, name: e.contact.name, company: e.contact.company };
  const fields: [string, string][] = CONTACT_FIELDS.map((k) => [`contact[${k}]`, known[k] ?? ""]);
  fields.push(
    ["record[id]", e.callId],
    ["record[event]", e.event],
    ["record[direction]", e.direction],
    ["record[number]", e.number],
    ["record[started_at]", e.startedAt],
    ...e.ringTo.map((email): [string, string] => ["record[ring_to][]", email]),
    ["record[user_email]", e.answeredBy?.email ?? ""],
    ["record[user_name]", e.answeredBy?.name ?? ""],
    ["record[sent_at]", e.sentAt],
  );
  return fields;
}
