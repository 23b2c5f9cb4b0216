// The CallConnect simulator: customer API, web phone, recordings and webhooks under `/callconnect/`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import pino from "pino";
import type { CallConnectSimulator, CallConnectSimulatorOptions } from "./types.js";
import { HttpError, readForm, redirect, sendError, sendHtml } from "./http.js";
import { createStore } from "./store.js";
import { createWebhookSender } from "./webhooks.js";
import { createCalls } from "./calls.js";
import { createApi } from "./api.js";
import { WebhookTargetForm, parseBody } from "./schemas.js";
import { adminPage } from "./admin-page.js";
import { sineWav } from "./wav.js";
import { OUTAGE_MODES, createFaults } from "./faults.js";
import { createAgents } from "./agents.js";
import { createPhoneRoutes } from "./phone-routes.js";
import { createSimApi } from "./sim-api.js";

export type { CallConnectSimulator, CallConnectSimulatorOptions, SimulatedWebhookTarget } from "./types.js";
export type { SimulatedAgent } from "./agents.js";

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  "phone.js": { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("./assets/phone.js", import.meta.url)) },
  "phone.css": { type: "text/css; charset=utf-8", body: readFileSync(new URL("./assets/phone.css", import.meta.url)) },
  "favicon.svg": { type: "image/svg+xml", body: readFileSync(new URL("./assets/favicon.svg", import.meta.url)) },
};

export function createCallConnectSimulator(options: CallConnectSimulatorOptions): CallConnectSimulator {
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const log = options.logger ?? pino({ name: "callconnect-simulator", level: "warn" });
  const store = createStore(options.db);
  const agents = createAgents(options.agents);
  const webhooks = createWebhookSender(store, log, options.webhookRetryDelaysMs);
  const calls = createCalls(store, webhooks, agents, publicUrl);
  const api = createApi({ store, calls, agents, apiToken: options.apiToken, publicUrl });
  const faults = createFaults(options.slowModeDelayMs);
  const phone = createPhoneRoutes({ store, calls, agents, publicUrl });
  const sim = createSimApi({ store, calls, agents, publicUrl });

  function recording(res: ServerResponse, callId: number, n: number, headOnly: boolean): void {
    const call = store.calls.byId(callId);
    if (!call || n < 1 || n > call.recordings) throw new HttpError(404, "not_found", "No such recording");
    const wav = sineWav(n === 1 ? 440 : 660);
    res.writeHead(200, { "content-type": "audio/wav", "content-length": wav.length, "cache-control": "public, max-age=3600" });
    res.end(headOnly ? undefined : wav);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if (path === "admin" && method === "GET") {
      const saved = url.searchParams.get("saved") ? "保存しました Saved" : "";
      return sendHtml(res, adminPage(webhooks.targets(), store.deliveries.recent(50), faults.mode(), saved));
    }
    if (path === "admin/webhook" && method === "POST") {
      const form = parseBody(WebhookTargetForm, Object.fromEntries(await readForm(req)));
      webhooks.setTargets(form.url ? [{ url: form.url, ...(form.signing_secret ? { signingSecret: form.signing_secret } : {}) }] : []);
      return redirect(res, "/callconnect/admin?saved=1");
    }
    if (path === "admin/outage" && method === "POST") {
      const wanted = (await readForm(req)).get("mode");
      const mode = OUTAGE_MODES.find((m) => m === wanted);
      if (!mode) throw new HttpError(400, "invalid_request", `mode: one of ${OUTAGE_MODES.join(", ")}`);
      faults.setMode(mode);
      return redirect(res, "/callconnect/admin?saved=1");
    }
    throw new HttpError(404, "not_found", "Not found");
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if (path.startsWith("api/v1/")) {
      if (await faults.play(req, res, path)) return;
      return api(req, res, path.slice("api/v1/".length), url);
    }
    if (path === "" && method === "GET") return redirect(res, "/callconnect/phone");
    if (path === "phone" && method === "GET") return phone.show(res, url);
    if (path === "phone/end" && method === "POST") return phone.end(req, res, url);
    if (path === "incoming" && method === "GET") {
      const number = url.searchParams.get("number");
      const user = url.searchParams.get("user");
      const q = new URLSearchParams({ ...(number ? { direction: "incoming", number } : {}), ...(user ? { user } : {}) }).toString();
      return redirect(res, `/callconnect/phone${q ? `?${q}` : ""}`);
    }
    const answered = /^phone\/calls\/(\d+)\/answer$/.exec(path);
    if (answered?.[1] && method === "POST") return phone.answer(req, res, Number(answered[1]));
    if (path.startsWith("sim/")) return sim(req, res, path.slice("sim/".length));
    const ended = /^phone\/calls\/(\d+)(\/deliveries\.json)?$/.exec(path);
    if (ended?.[1] && method === "GET") return ended[2] ? phone.deliveries(res, Number(ended[1])) : phone.ended(res, Number(ended[1]), url);
    const rec = /^recordings\/(\d+)-(\d+)\.wav$/.exec(path);
    if (rec?.[1] && rec[2] && (method === "GET" || method === "HEAD"))
      return recording(res, Number(rec[1]), Number(rec[2]), method === "HEAD");
    if (path === "admin" || path.startsWith("admin/")) return admin(req, res, path, url);
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
    setAgents: (list) => agents.set(list),
    agents: () => agents.all(),
    outageMode: () => faults.mode(),
    drainWebhooks: () => webhooks.drain(),
    injectFaults: (list) => faults.inject(list),
    clearFaults: () => faults.clear(),
    apiRequestCount: () => faults.count(),
  };
}
