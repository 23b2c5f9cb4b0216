// The customer API under /callconnect/api/v1/ exactly as docs/callconnect-api.md defines it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { formatNational, normalizePhone } from "../../shared/phone.js";
import { HttpError, hasBearer, readJson, sendJson, sendNoContent } from "./http.js";
import { CustomerBody, EXTERNAL_KEY, StartCallBody, parseBody } from "./schemas.js";
import type { CallRow, Customer, Store } from "./store.js";
import { CallError, type Calls } from "./calls.js";
import type { Agents } from "./agents.js";
import { recordingUrls, ringToOf } from "./payload.js";

export function customerOut(c: Customer) {
  return {
    id: String(c.id),
    external_key: c.external_key,
    name: c.name,
    company: c.company,
    email: c.email,
    address: c.address,
    memo: c.memo,
    numbers: c.numbers,
    external_id: c.external_id,
    external_info: c.external_info,
    updated_at: c.updated_at,
    created_at: c.created_at,
  };
}

export function callOut(c: CallRow, publicUrl: string) {
  return {
    id: String(c.id),
    status: c.state === "dialing" ? "dialing" : c.result,
    status_code: c.status_code,
    direction: c.direction,
    number: c.number_e164,
    display: c.display,
    customer_id: c.customer_id === null ? null : String(c.customer_id),
    started_at: c.started_at,
    ended_at: c.ended_at,
    duration: c.duration,
    user_name: c.user_name,
    user_email: c.user_email,
    memo: c.memo,
    recording_urls: recordingUrls(publicUrl, c),
    transcription: c.transcription,
    ring_to: ringToOf(c),
    answered_at: c.answered_at,
  };
}

function e164Param(url: URL): string | null {
  const raw = url.searchParams.get("number");
  if (raw === null) return null;
  const e164 = normalizePhone(raw);
  if (!e164) throw new HttpError(400, "invalid_request", "number: not a phone number");
  return e164;
}

function limitParam(url: URL): number {
  const raw = url.searchParams.get("limit");
  if (raw === null) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new HttpError(400, "invalid_request", "limit: must be an integer from 1 to 500");
  return n;
}

function externalKeyOf(segment: string): string {
  const key = decodeURIComponent(segment);
  if (!EXTERNAL_KEY.test(key)) throw new HttpError(400, "invalid_request", "externalKey: 1-128 letters, digits, '_', '.', ':' or '-'");
  return key;
}

export function createApi(opts: { store: Store; calls: Calls; agents: Agents; apiToken: string; publicUrl: string }) {
  const { store, calls } = opts;
  const methodNotAllowed = () => new HttpError(405, "method_not_allowed", "Method not allowed");

  /** `rest` is the path after /callconnect/api/v1/. */
  return async function api(req: IncomingMessage, res: ServerResponse, rest: string, url: URL): Promise<void> {
    if (!hasBearer(req, opts.apiToken)) throw new HttpError(401, "unauthorized", "A valid API token is required (Authorization: Bearer …)");
    const method = req.method ?? "GET";
    if (rest === "ping") {
      if (method !== "GET") throw methodNotAllowed();
      return sendJson(res, 200, { ok: true, account: { name: "CallConnect Sandbox" } });
    }
    if (rest === "customers") {
      if (method !== "GET") throw methodNotAllowed();
      const e164 = e164Param(url);
      const found = e164 ? store.customers.byNumber(e164) : store.customers.all();
      return sendJson(res, 200, { customers: found.map(customerOut) });
    }
    const ext = /^customers\/external\/([^/]+)$/.exec(rest);
    if (ext?.[1]) {
      const key = externalKeyOf(ext[1]);
      if (method === "GET") {
        const c = store.customers.byKey(key);
        if (!c) throw new HttpError(404, "not_found", "No customer with this external key");
        return sendJson(res, 200, { customer: customerOut(c) });
      }
      if (method === "PUT") {
        const body = parseBody(CustomerBody, await readJson(req));
        const { outcome, customer } = store.customers.upsert(key, body);
        return sendJson(res, outcome === "created" ? 201 : 200, { customer: customerOut(customer) });
      }
      if (method === "DELETE") {
        if (!store.customers.deleteByKey(key)) throw new HttpError(404, "not_found", "No customer with this external key");
        return sendNoContent(res);
      }
      throw methodNotAllowed();
    }
    if (rest === "calls") {
      if (method === "GET") {
        const e164 = e164Param(url);
        const limit = limitParam(url);
        const found = e164 ? store.calls.byNumber(e164, limit) : store.calls.latest(limit);
        return sendJson(res, 200, { calls: found.map((c) => callOut(c, opts.publicUrl)) });
      }
      if (method === "POST") {
        const body = parseBody(StartCallBody, await readJson(req));
        const key = req.headers["idempotency-key"];
        const idempotencyKey = typeof key === "string" && key.trim() !== "" ? key.trim().slice(0, 200) : null;
        const names = [body.user, body.agent?.code, body.agent?.email].filter((n): n is string => typeof n === "string" && n !== "");
        const agent = names.map((n) => opts.agents.find(n)).find((a) => a) ?? null;
        if (names.length > 0 && !agent)
          throw new HttpError(400, "invalid_request", `${body.user ? "user" : "agent"}: not a CallConnect agent`);
        try {
          const { call, replayed } = calls.startOutgoing(body.number, body.display ?? formatNational(body.number), idempotencyKey, agent);
          return sendJson(res, 201, { call: callOut(call, opts.publicUrl) }, replayed ? { "idempotent-replayed": "true" } : {});
        } catch (e) {
          if (e instanceof CallError) throw new HttpError(409, "conflict", e.message);
          throw e;
        }
      }
      throw methodNotAllowed();
    }
    throw new HttpError(404, "not_found", "No such API path");
  };
}
