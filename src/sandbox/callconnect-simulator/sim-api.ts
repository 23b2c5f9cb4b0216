// The simulator's control API for tests and benches (not CallConnect's): ring, answer and end calls without a
// browser, with the same webhooks the web phone sends. JSON only, so a page elsewhere cannot post to it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "./store.js";
import { CallError, type Calls } from "./calls.js";
import type { Agents, SimulatedAgent } from "./agents.js";
import { HttpError, readBody, sendJson } from "./http.js";
import { AnswerBody, RingBody, SimEndBody, parseBody } from "./schemas.js";
import { parseDialInput } from "./dial-input.js";
import { callOut } from "./api.js";

export function createSimApi(deps: { store: Store; calls: Calls; agents: Agents; publicUrl: string }) {
  const { store, calls, agents } = deps;

  function agentOf(name: string | undefined, field = "agent"): SimulatedAgent | null {
    if (name === undefined) return null;
    const agent = agents.find(name);
    if (!agent) throw new HttpError(400, "invalid_request", `${field}: not a CallConnect agent: ${JSON.stringify(name.slice(0, 60))}`);
    return agent;
  }

  /** An empty body is `{}`; anything else must be JSON, declared as such. */
  async function body(req: IncomingMessage): Promise<unknown> {
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? ""))
      throw new HttpError(415, "invalid_request", "Content-Type must be application/json");
    const text = await readBody(req);
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "invalid_request", "Body is not valid JSON");
    }
  }

  function dialingCall(id: number) {
    const call = store.calls.byId(id);
    if (!call) throw new HttpError(404, "not_found", "No such call");
    if (call.state !== "dialing") throw new HttpError(409, "conflict", "This call has already ended");
    return call;
  }

  /** `rest` is the path after /callconnect/sim/. */
  return async function sim(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "Method not allowed");
    if (rest === "ring") {
      const input = parseBody(RingBody, await body(req));
      const dial = parseDialInput(input.number);
      if (!dial.ok) throw new HttpError(400, "invalid_request", "number: not a phone number");
      const names = input.agent === undefined ? [] : typeof input.agent === "string" ? [input.agent] : input.agent;
      const ringFor = [...new Map(names.map((n) => agentOf(n)!).map((a) => [a.email, a])).values()];
      const call = calls.ring(dial.e164, dial.display, ringFor);
      return sendJson(res, 201, { callId: String(call.id), call: callOut(call, deps.publicUrl) });
    }
    const m = /^calls\/(\d+)\/(answer|end)$/.exec(rest);
    if (!m?.[1]) throw new HttpError(404, "not_found", "No such simulator path");
    const id = Number(m[1]);
    try {
      if (m[2] === "answer") {
        const input = parseBody(AnswerBody, await body(req));
        dialingCall(id);
        const { call, answered } = calls.answer(id, agentOf(input.agent));
        return sendJson(res, 200, { call: callOut(call, deps.publicUrl), answered });
      }
      const input = parseBody(SimEndBody, await body(req));
      const call = dialingCall(id);
      const ended = calls.end({
        callId: id,
        direction: call.direction,
        number: call.display,
        startedAt: null,
        result: input.result ?? (call.answered_at !== null ? "answered" : "no_answer"),
        agentEmail: agentOf(input.agent)?.email ?? "",
        memo: input.memo,
        hold: input.hold,
      });
      return sendJson(res, 200, { call: callOut(ended, deps.publicUrl) });
    } catch (e) {
      if (e instanceof CallError) throw new HttpError(409, "conflict", e.message);
      throw e;
    }
  };
}
