// Calls: started by the API or the web phone, ended on the web phone, then reported by webhooks.
import { normalizePhone } from "../../shared/phone.js";
import type { CallDirection, CallResult, CallRow, Store } from "./store.js";
import type { WebhookSender } from "./webhooks.js";
import { eventsOf, webhookForm } from "./payload.js";
import { generateTranscription } from "./transcription.js";
import type { Agents, SimulatedAgent } from "./agents.js";

/** CallConnect's record[status]: 200 is documented (発信通話); the rest is this project's assumption. */
export function statusCode(direction: CallDirection, result: CallResult): number {
  if (direction === "incoming") return result === "answered" ? 100 : 101;
  return result === "answered" ? 200 : result === "no_answer" ? 201 : 202;
}

export interface EndCallInput {
  callId: number | null; // a dialing call (API or phone page); null = create it now
  direction: CallDirection;
  number: string; // as shown/dialled
  startedAt: string | null; // ISO; when the page opened
  result: CallResult;
  /** The agent chosen on the phone; "" keeps the one the call was opened for. */
  agentEmail: string;
  memo: string;
  hold: boolean;
}

export class CallError extends Error {}

export function createCalls(store: Store, webhooks: WebhookSender, agents: Agents, publicUrl: string) {
  function customerFor(e164: string | null) {
    return e164 ? (store.customers.byNumber(e164)[0] ?? null) : null;
  }

  return {
    customerFor,
    /** POST api/v1/calls: same Idempotency-Key → the same call, never a second one. */
    startOutgoing(
      e164: string,
      display: string,
      idempotencyKey: string | null,
      agent: SimulatedAgent | null = null,
    ): { call: CallRow; replayed: boolean } {
      if (idempotencyKey) {
        const existing = store.calls.byIdempotencyKey(idempotencyKey);
        if (existing) {
          if (existing.number_e164 !== e164) throw new CallError("Idempotency-Key was already used for another number");
          return { call: existing, replayed: true };
        }
      }
      const customer = customerFor(e164);
      return {
        call: store.calls.create({ idempotencyKey, direction: "outgoing", e164, display, customerId: customer?.id ?? null, agent }),
        replayed: false,
      };
    },

    /** A call the web phone starts (or rings) and shows until it is ended. */
    startOnPhone(direction: CallDirection, e164: string | null, display: string, agent: SimulatedAgent | null): CallRow {
      const customer = customerFor(e164);
      return store.calls.create({ idempotencyKey: null, direction, e164, display, customerId: customer?.id ?? null, agent, onPhone: true });
    },

    end(input: EndCallInput): CallRow {
      const e164 = normalizePhone(input.number);
      let call = input.callId !== null ? store.calls.byId(input.callId) : null;
      if (input.callId !== null && (!call || call.state !== "dialing"))
        throw new CallError("This call has already ended or does not exist");
      call ??= store.calls.create({ idempotencyKey: null, direction: input.direction, e164, display: input.number, customerId: null });
      const customer = customerFor(call.number_e164);
      // Never someone else: no agent chosen and none known for the call leaves the call without one.
      const agent = agents.find(input.agentEmail) ?? agents.find(call.user_email) ?? { name: call.user_name, email: call.user_email };
      const answered = input.result === "answered";
      const result: CallResult = call.direction === "incoming" && input.result === "busy" ? "no_answer" : input.result;
      const startedAt = input.startedAt && !Number.isNaN(Date.parse(input.startedAt)) ? input.startedAt : call.started_at;
      const ended = store.calls.end(call.id, {
        result,
        status_code: statusCode(call.direction, result),
        customer_id: customer?.id ?? null,
        started_at: startedAt,
        duration: answered ? Math.max(1, Math.round((Date.now() - Date.parse(startedAt)) / 1000)) : 0,
        user_name: agent.name,
        user_email: agent.email,
        memo: input.memo,
        recordings: answered ? (input.hold ? 2 : 1) : 0,
        transcription: answered
          ? generateTranscription({
              direction: call.direction,
              agentName: agent.name || "担当者",
              customerName: customer?.name ?? "",
              company: customer?.company ?? "",
              memo: input.memo,
            })
          : "",
      });
      for (const event of eventsOf(ended)) webhooks.send(ended.id, event, webhookForm(event, ended, customer, publicUrl));
      return ended;
    },
  };
}

export type Calls = ReturnType<typeof createCalls>;
