// CallConnect's live events (docs/callconnect-api.md, "Live call events"), after the webhook's verification:
// to the hub at once, stored nowhere. Only a ring from an unknown caller with 顧客作成 on leaves work behind —
// the customer is created now, in the number's lane, so the card can show it and the call's end finds it.
import { normalizePhone } from "../../shared/phone";
import { RING_REPLAY_MS, type LiveCall, type LiveState } from "../../shared/contract/live";
import { parseLiveEvent, type LiveEvent } from "../../shared/callconnect/live-events";
import type { CallDelivery } from "../work/call-history";
import type { AppRegistration, ConnectorStore } from "../store/types";
import { callWork } from "../work/keys";
import type { LiveRelay } from "./relay";

export interface IntakeDeps {
  store: ConnectorStore;
  /** To every instance's hub (src/connector/live/relay.ts). */
  relay: Promise<LiveRelay>;
  onStored(): void;
}

async function liveCall(
  store: ConnectorStore,
  reg: AppRegistration,
  state: LiveState,
  e: Omit<LiveEvent, "event" | "sentAt" | "ringTo" | "answeredBy">,
) {
  const e164 = normalizePhone(e.number) ?? "";
  // An end closes a card already showing its customers (the hub keeps them): no lookup on every call's end.
  const customerIds = e164 && state !== "ended" ? (await store.customersWithNumber(reg.key, e164)).map((n) => n.recordId) : [];
  const call: LiveCall = {
    callId: e.callId,
    state,
    direction: e.direction,
    e164,
    number: e.number,
    startedAt: e.startedAt,
    contact: { name: e.contact.name, company: e.contact.company },
    customerIds,
    creatingCustomer: false,
  };
  return call;
}

/** A ring or an answer: `{ error }` when the form is not one. */
export async function takeLiveEvent(deps: IntakeDeps, reg: AppRegistration, form: URLSearchParams, body: string, now = Date.now()) {
  const parsed = parseLiveEvent(form);
  if (!parsed.ok) return { error: parsed.reason };
  const e = parsed.event;
  const call = await liveCall(deps.store, reg, e.event === "call_ringing" ? "ringing" : "talking", e);
  const c = reg.settings.customer;
  if (e.event === "call_ringing" && call.e164 && call.customerIds.length === 0 && c.createUnknownCallers && c.phoneFields.length) {
    const stored = await deps.store.enqueue(callWork(reg.key, e.callId, "call_ringing", call.e164, body));
    call.creatingCustomer = true;
    if (!stored.duplicate) deps.onStored();
  }
  // A ring CallConnect only now got through (its retries after an outage) is not shown once it is stale.
  const sent = Date.parse(e.sentAt);
  if (e.event === "call_ringing" && now - sent > RING_REPLAY_MS) return { stale: true };
  const relay = await deps.relay;
  await relay.publish(
    reg.key,
    call,
    { ringTo: e.ringTo, answeredBy: e.answeredBy?.email ?? "", exceptions: reg.settings.agents },
    Math.min(now, sent),
  );
  return { stale: false };
}

/** The call-end delivery (already stored for the history) also closes the call on the agents' screens. */
export async function takeCallEnd(deps: IntakeDeps, reg: AppRegistration, d: CallDelivery, form: URLSearchParams): Promise<void> {
  if (d.event !== "call_ended" && d.event !== "call_missed") return;
  const direction = d.direction === "outgoing" ? "outgoing" : "incoming";
  const call = await liveCall(deps.store, reg, "ended", {
    ...d,
    direction,
    contact: { id: d.contact.id, name: d.contact.name, company: d.contact.company },
  });
  const ringTo = form.getAll("record[ring_to][]").map((x) => x.trim().toLowerCase());
  await (await deps.relay).publish(reg.key, call, { ringTo, answeredBy: d.userEmail.toLowerCase(), exceptions: reg.settings.agents });
}
