// The CallConnect simulator: customer API, web phone, recordings and webhooks under `/callconnect/`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import pino from "pino";
import { formatNational, normalizePhone } from "../../shared/phone.js";
import type { CallConnectSimulator, CallConnectSimulatorOptions } from "./types.js";
import { HttpError, readForm, redirect, sendError, sendHtml, sendJson } from "./http.js";
import { createStore } from "./store.js";
import { createWebhookSender } from "./webhooks.js";
import { CallError, createCalls } from "./calls.js";
import { createApi } from "./api.js";
import { EndCallForm, WebhookTargetForm, parseBody } from "./schemas.js";
import { endedPage, phonePage } from "./phone-page.js";
import { adminPage } from "./admin-page.js";
import { DELIVERY_LABELS, EVENT_LABELS, overallDelivery } from "./layout.js";
import { sineWav } from "./wav.js";
import { createFaults } from "./faults.js";

export type { CallConnectSimulator, CallConnectSimulatorOptions, SimulatedWebhookTarget } from "./types.js";

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  "phone.js": { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("./assets/phone.js", import.meta.url)) },
  "phone.css": { type: "text/css; charset=utf-8", body: readFileSync(new URL("./assets/phone.css", import.meta.url)) },
  "favicon.svg": { type: "image/svg+xml", body: readFileSync(new URL("./assets/favicon.svg", import.meta.url)) },
};
/** An API call for the same number this recently is the one the web phone is showing. */
const PICKUP_WINDOW_MS = 2 * 60_000;

export function createCallConnectSimulator(options: CallConnectSimulatorOptions): CallConnectSimulator {
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const log = options.logger ?? pino({ name: "callconnect-simulator", level: "warn" });
  const store = createStore(options.db);
  const webhooks = createWebhookSender(store, log, options.webhookRetryDelaysMs);
  const calls = createCalls(store, webhooks, publicUrl);
  const api = createApi({ store, calls, apiToken: options.apiToken, publicUrl });
  const faults = createFaults();

  function showPhone(res: ServerResponse, url: URL): void {
    const raw = url.searchParams.get("number")?.trim() || null;
    const direction = url.searchParams.get("direction") === "incoming" ? "incoming" : "outgoing";
    const e164 = raw ? normalizePhone(raw) : null;
    // Shown the way a person reads it; text that is no valid number stays as typed.
    const number = e164 ? formatNational(e164) : raw;
    const since = new Date(Date.now() - PICKUP_WINDOW_MS).toISOString();
    const call =
      number === null ? store.calls.latestDialing() : e164 && direction === "outgoing" ? store.calls.recentDialing(e164, since) : null;
    const shown = number ?? call?.display ?? null;
    const lookup = e164 ?? call?.number_e164 ?? null;
    const view = {
      number: shown,
      direction: call?.direction ?? direction,
      call,
      customers: lookup ? store.customers.byNumber(lookup) : [],
      startedAt: call?.started_at ?? new Date().toISOString(),
      recent: store.calls
        .latest(10)
        .filter((c) => c.state === "ended")
        .map((c) => ({ call: c, delivery: overallDelivery(store.deliveries.ofCall(c.id)) })),
    } as const;
    sendHtml(res, phonePage(view));
  }

  async function endCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = parseBody(EndCallForm, Object.fromEntries(await readForm(req)));
    try {
      const call = calls.end({
        callId: form.call_id ? Number(form.call_id) : null,
        direction: form.direction,
        number: form.number,
        startedAt: form.started_at || null,
        result: form.result,
        agentEmail: form.agent,
        memo: form.memo,
        hold: form.hold !== "",
      });
      redirect(res, `/callconnect/phone/calls/${call.id}`);
    } catch (e) {
      if (e instanceof CallError) throw new HttpError(409, "conflict", e.message);
      throw e;
    }
  }

  function deliveriesJson(res: ServerResponse, callId: number): void {
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

  function recording(res: ServerResponse, callId: number, n: number, headOnly: boolean): void {
    const call = store.calls.byId(callId);
    if (!call || n < 1 || n > call.recordings) throw new HttpError(404, "not_found", "No such recording");
    const wav = sineWav(n === 1 ? 440 : 660);
    res.writeHead(200, { "content-type": "audio/wav", "content-length": wav.length, "cache-control": "public, max-age=3600" });
    res.end(headOnly ? undefined : wav);
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if (path.startsWith("api/v1/")) {
      if (await faults.play(req, res, path)) return;
      return api(req, res, path.slice("api/v1/".length), url);
    }
    if (path === "" && method === "GET") return redirect(res, "/callconnect/phone");
    if (path === "phone" && method === "GET") return showPhone(res, url);
    if (path === "phone/end" && method === "POST") return endCall(req, res);
    if (path === "incoming" && method === "GET") {
      const number = url.searchParams.get("number");
      return redirect(res, number ? `/callconnect/phone?${new URLSearchParams({ direction: "incoming", number })}` : "/callconnect/phone");
    }
    const ended = /^phone\/calls\/(\d+)(\/deliveries\.json)?$/.exec(path);
    if (ended?.[1] && method === "GET") {
      const id = Number(ended[1]);
      if (ended[2]) return deliveriesJson(res, id);
      const call = store.calls.byId(id);
      if (!call || call.state !== "ended") throw new HttpError(404, "not_found", "No such ended call");
      const customer = call.customer_id !== null ? store.customers.byId(call.customer_id) : null;
      return sendHtml(res, endedPage(call, customer, store.deliveries.ofCall(id), publicUrl));
    }
    const rec = /^recordings\/(\d+)-(\d+)\.wav$/.exec(path);
    if (rec?.[1] && rec[2] && (method === "GET" || method === "HEAD"))
      return recording(res, Number(rec[1]), Number(rec[2]), method === "HEAD");
    if (path === "admin" && method === "GET")
      return sendHtml(
        res,
        adminPage(webhooks.targets(), store.deliveries.recent(50), url.searchParams.get("saved") ? "保存しました Saved" : ""),
      );
    if (path === "admin/webhook" && method === "POST") {
      const form = parseBody(WebhookTargetForm, Object.fromEntries(await readForm(req)));
      webhooks.setTargets(form.url ? [{ url: form.url, ...(form.signing_secret ? { signingSecret: form.signing_secret } : {}) }] : []);
      return redirect(res, "/callconnect/admin?saved=1");
    }
    const asset = /^static\/([\w.-]+)$/.exec(path);
    const file = asset?.[1] ? ASSETS[asset[1]] : undefined;
    if (file && method === "GET") {
      res.writeHead(200, { "content-type": file.type, "cache-control": "no-cache" });
      return void res.end(file.body);
    }
    throw new HttpError(404, "not_found", "Not found");
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? "/", publicUrl);
      if (url.pathname !== "/callconnect" && !url.pathname.startsWith("/callconnect/")) return false;
      const path = url.pathname.slice("/callconnect".length).replace(/^\/+/, "");
      try {
        await route(req, res, path, url);
      } catch (e) {
        const error = e instanceof HttpError ? e : new HttpError(500, "internal_error", "Internal error");
        if (!(e instanceof HttpError)) log.error({ err: e }, "simulator request failed");
        if (!res.headersSent) sendError(res, error);
        else res.end();
      }
      return true;
    },
    setWebhookTargets: (targets) => webhooks.setTargets(targets),
    drainWebhooks: () => webhooks.drain(),
    injectFaults: (list) => faults.inject(list),
    clearFaults: () => faults.clear(),
    apiRequestCount: () => faults.count(),
  };
}
