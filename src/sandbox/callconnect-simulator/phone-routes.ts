// The web phone's routes: show the call (phone-session.ts decides which), end it, show it ended.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallDirection, Store } from "./store.js";
import type { Calls } from "./calls.js";
import type { Agents } from "./agents.js";
import { CallError } from "./calls.js";
import { HttpError, MAX_BODY_BYTES, readForm, redirect, sendHtml, sendJson } from "./http.js";
import { phoneState, type WaitingNumber } from "./phone-session.js";
import { callPage, idlePage, type CallView, type PhoneUser } from "./phone-page.js";
import { endedPage } from "./ended-page.js";
import { memoTooLong, readEndForm, type EndDraft } from "./end-form.js";
import { parseDialInput } from "./dial-input.js";
import { DELIVERY_LABELS, EVENT_LABELS, overallDelivery, phoneHref, type Bilingual } from "./layout.js";

const direction = (v: string | null): CallDirection => (v === "incoming" ? "incoming" : "outgoing");
/** Past the body limit the rest is read and dropped (up to this much), so the browser gets the page, not a reset. */
const DRAIN_BYTES = 16_000_000;

/** The 通話終了 form, or null when it is larger than the simulator reads. */
async function readEndBody(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_BYTES) throw new HttpError(413, "invalid_request", "Request body too large");
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? null : new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function createPhoneRoutes(deps: { store: Store; calls: Calls; agents: Agents; publicUrl: string }) {
  const { store, calls, agents } = deps;

  function userOf(raw: string | null): PhoneUser & { agent: ReturnType<Agents["find"]> } {
    const given = raw?.trim() || null;
    const agent = agents.find(given);
    return { agent, user: agent?.login ?? null, unknown: given && !agent ? given.slice(0, 100) : null };
  }

  const recent = () =>
    store.calls
      .latest(10)
      .filter((c) => c.state === "ended")
      .map((c) => ({ call: c, delivery: overallDelivery(store.deliveries.ofCall(c.id)) }));

  function callView(callId: number, who: PhoneUser, extra: Partial<CallView> = {}): CallView {
    const call = store.calls.byId(callId)!;
    return {
      ...who,
      call,
      customers: call.number_e164 ? store.customers.byNumber(call.number_e164) : [],
      agents: agents.all(),
      waiting: null,
      refused: null,
      draft: null,
      problems: [],
      recent: recent(),
      ...extra,
    };
  }

  function show(res: ServerResponse, url: URL): void {
    const who = userOf(url.searchParams.get("user"));
    // `extension` (click-to-call's {extension}) stays beside the number, so the agent knows whom to ask for.
    const extension = url.searchParams.get("extension")?.trim() ?? "";
    const raw = url.searchParams.get("number");
    const number = raw !== null && /^\d{1,6}$/.test(extension) ? `${raw} 内線 ${extension}` : raw;
    const state = phoneState(store, calls, { number, direction: direction(url.searchParams.get("direction")), agent: who.agent });
    if (state.kind === "idle")
      return sendHtml(res, idlePage({ ...who, refused: state.refused, recent: recent() }), state.refused ? 400 : 200);
    sendHtml(res, callPage(callView(state.call.id, who, { waiting: state.waiting, refused: state.refused })), state.refused ? 400 : 200);
  }

  /** The form again, as the agent left it, with what to fix: the call stays in progress. */
  function again(res: ServerResponse, status: number, callId: number, draft: EndDraft | null, problems: Bilingual[]): void {
    const who = userOf(draft?.user ?? null);
    const next = draft?.next ? parseDialInput(draft.next) : null;
    const waiting: WaitingNumber | null =
      next?.ok && draft ? { number: next.e164 ?? next.display, display: next.display, direction: draft.nextDirection } : null;
    const kept = draft ? { memo: draft.memo, result: draft.result, hold: draft.hold, agent: draft.agent } : null;
    sendHtml(res, callPage(callView(callId, who, { waiting, draft: kept, problems })), status);
  }

  async function end(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const form = await readEndBody(req);
    if (!form) {
      // Too large to read: the call named in the form's action is shown again; the page restores its draft.
      const id = Number(url.searchParams.get("call"));
      const call = Number.isInteger(id) ? store.calls.byId(id) : null;
      if (call?.state === "dialing") return again(res, 413, call.id, null, [memoTooLong(null)]);
      throw new HttpError(413, "invalid_request", "Request body too large");
    }
    const { draft, problems } = readEndForm(form);
    let call = draft.callId !== null ? store.calls.byId(draft.callId) : null;
    if (draft.callId !== null && !call) throw new HttpError(404, "not_found", "No such call");
    // A second 通話終了 (another tab, a resubmit) shows the call as it ended the first time.
    if (call?.state === "ended") return redirect(res, `/callconnect/phone/calls/${call.id}`);
    if (problems.length) {
      if (!call) {
        const dial = parseDialInput(draft.number);
        if (!dial.ok) throw new HttpError(400, "invalid_request", "number: not a phone number");
        call = calls.startOnPhone(draft.direction, dial.e164, dial.display, agents.find(draft.agent) ?? agents.find(draft.user));
      }
      return again(res, 422, call.id, draft, problems);
    }
    try {
      const ended = calls.end({
        callId: call?.id ?? null,
        direction: draft.direction,
        number: draft.number,
        startedAt: draft.startedAt || null,
        result: draft.result!,
        agentEmail: draft.agent,
        memo: draft.memo,
        hold: draft.hold,
      });
      const carry = new URLSearchParams({
        ...(draft.user ? { user: draft.user } : {}),
        ...(draft.next ? { next: draft.next, next_direction: draft.nextDirection } : {}),
      }).toString();
      redirect(res, `/callconnect/phone/calls/${ended.id}${carry ? `?${carry}` : ""}`);
    } catch (e) {
      if (e instanceof CallError) throw new HttpError(409, "conflict", e.message);
      throw e;
    }
  }

  /** 応答 / 相手が応答: the call turns to talking (call_answered is sent) and the phone shows it again. */
  async function answer(req: IncomingMessage, res: ServerResponse, id: number): Promise<void> {
    const who = userOf((await readForm(req)).get("user"));
    const call = store.calls.byId(id);
    if (!call) throw new HttpError(404, "not_found", "No such call");
    // Answered in another tab, or ended meanwhile: show what the call is now.
    if (call.state === "ended")
      return redirect(res, `/callconnect/phone/calls/${call.id}${who.user ? `?user=${encodeURIComponent(who.user)}` : ""}`);
    calls.answer(call.id, who.agent);
    redirect(res, phoneHref(who.user));
  }

  function ended(res: ServerResponse, id: number, url: URL): void {
    const call = store.calls.byId(id);
    if (!call || call.state !== "ended") throw new HttpError(404, "not_found", "No such ended call");
    const customer = call.customer_id !== null ? store.customers.byId(call.customer_id) : null;
    const rawNext = url.searchParams.get("next");
    const next = rawNext ? parseDialInput(rawNext) : null;
    const waiting = next?.ok
      ? { number: next.e164 ?? next.display, display: next.display, direction: direction(url.searchParams.get("next_direction")) }
      : null;
    const { user } = userOf(url.searchParams.get("user"));
    sendHtml(res, endedPage({ call, customer, deliveries: store.deliveries.ofCall(id), publicUrl: deps.publicUrl, user, next: waiting }));
  }

  function deliveries(res: ServerResponse, callId: number): void {
    const rows = store.deliveries.ofCall(callId);
    sendJson(res, 200, {
      overall: overallDelivery(rows),
      pending: rows.some((r) => r.status === "pending"),
      deliveries: rows.map((d) => ({
        id: d.id,
        event: EVENT_LABELS[d.event] ?? d.event,
        target: d.target,
        status: DELIVERY_LABELS[d.status],
        state: d.status,
        http_status: d.http_status,
        attempts: d.attempts,
        error: d.error,
      })),
    });
  }

  return { show, end, answer, ended, deliveries };
}
