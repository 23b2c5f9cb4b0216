// Calls: started by the API or the web phone, ended on the web phone, then reported by webhooks.
import { normalizePhone } from "../../shared/phone.js";
import type { CallDirection, CallResult, CallRow, Store } from "./store.js";
import type { WebhookSender } from "./webhooks.js";
import { eventsOf, liveForm, webhookForm } from "./payload.js";
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

  function ring(e164: string | null, display: string, ringFor: SimulatedAgent[], onPhone: boolean): CallRow {
    const customer = customerFor(e164);
    const only = ringFor.length === 1 ? ringFor[0]! : null;
    const call = store.calls.create({
      idempotencyKey: null,
      direction: "incoming",
      e164,
      display,
      customerId: customer?.id ?? null,
      agent: only,
      onPhone,
      ringTo: ringFor.map((a) => a.email),
    });
    webhooks.send(call.id, "call_ringing", liveForm("call_ringing", call, customer));
    return call;
  }

  const onlyRingTo = (call: CallRow) => {
    const rang = call.ring_to.split("\n").filter((e) => e !== "");
    return rang.length === 1 ? agents.find(rang[0]) : null;
  };

  const api = {
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

    /** A call the web phone starts (or rings: an incoming one sends call_ringing for its agent) and shows until it is ended. */
    startOnPhone(direction: CallDirection, e164: string | null, display: string, agent: SimulatedAgent | null): CallRow {
      if (direction === "incoming") return ring(e164, display, agent ? [agent] : [], true);
      const customer = customerFor(e164);
      return store.calls.create({ idempotencyKey: null, direction, e164, display, customerId: customer?.id ?? null, agent, onPhone: true });
    },

    /**
     * An incoming call ringing for these agents (sim/ring). One agent: it is that agent's call, on their phone unless
     * they are in a call (then it waits to be picked up, like a call started through the API). Several: nobody's
     * until one answers.
     */
    ring: (e164: string | null, display: string, ringFor: SimulatedAgent[]): CallRow => {
      const only = ringFor.length === 1 ? ringFor[0]! : null;
      return ring(e164, display, ringFor, only !== null && store.calls.inProgress(only.email) === null);
    },

    /**
     * call_answered: the agent took an incoming call, or the callee answered an outgoing one (its agent stays).
     * Answering twice sends nothing more; `answered` says whether this call did it.
     */
    answer(callId: number, agent: SimulatedAgent | null): { call: CallRow; answered: boolean } {
      const call = store.calls.byId(callId);
      if (!call) throw new CallError("No such call");
      if (call.state !== "dialing") throw new CallError("This call has already ended");
      if (call.answered_at !== null) return { call, answered: false };
      const taker = call.direction === "incoming" ? (agent ?? agents.find(call.user_email) ?? onlyRingTo(call)) : null;
      const answered = store.calls.answer(call.id, taker);
      webhooks.send(answered.id, "call_answered", liveForm("call_answered", answered, customerFor(answered.number_e164)));
      return { call: answered, answered: true };
    },

    end(input: EndCallInput): CallRow {
      const e164 = normalizePhone(input.number);
      let call = input.callId !== null ? store.calls.byId(input.callId) : null;
      if (input.callId !== null && (!call || call.state !== "dialing"))
        throw new CallError("This call has already ended or does not exist");
      call ??= store.calls.create({ idempotencyKey: null, direction: input.direction, e164, display: input.number, customerId: null });
      // A call that rang keeps its live events in step: answered is reported before it ends, and once answered
      // it ends as answered (a stale tab's 不在 cannot undo that).
      if (call.answered_at === null && call.direction === "incoming" && input.callId !== null && input.result === "answered")
        call = api.answer(call.id, agents.find(input.agentEmail)).call;
      if (call.answered_at !== null) input = { ...input, result: "answered" };
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
        duration: answered ? Math.max(1, Math.round((Date.now() - Date.parse(call.answered_at ?? startedAt)) / 1000)) : 0,
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
  return api;
}

export type Calls = ReturnType<typeof createCalls>;
