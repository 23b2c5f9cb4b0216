// Screen pop's HTTP doors: a ticket for the browser (through kintone's proxy, so X-Connector-Secret), the
// event stream the ticket opens, and the agent's wrap-up after a call.
import * as v from "valibot";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { TicketRequestSchema, WrapupSchema, type TicketReply } from "../../shared/contract/live";
import { firstIssue } from "../../shared/contract/connector";
import { normalizePhone } from "../../shared/phone";
import { hasAdminSecret } from "../http/verify";
import { readBody, sendJson, type Route } from "../http/respond";
import type { ConnectorStore, NewWork } from "../store/types";
import { APP_ID_PATTERN, appKey, tenantBase, type AppKey } from "../tenants";
import { appFields } from "../logger";
import { callWork } from "../work/keys";
import type { LiveHub } from "./hub";
import type { TicketMinter } from "./tickets";

export interface LiveHttpDeps {
  store: ConnectorStore;
  hub: LiveHub;
  tickets: TicketMinter;
  adminSecret: string;
  publicUrl: string;
  log: Logger;
  /** A wrap-up was stored: wake the worker. */
  onStored(): void;
}

const HEARTBEAT_MS = 20_000;
const STREAM_PATH = new RegExp(`^live/(${APP_ID_PATTERN})$`);
/** The doors the plugin reaches through kintone's proxy (so with the secret): a stream ticket, a wrap-up. */
const PROXIED_PATH = new RegExp(`^api/apps/(${APP_ID_PATTERN})/(?:live/(ticket)|calls/([^/]{1,128})/(wrapup))$`);

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  try {
    return JSON.parse((await readBody(req, 64 * 1024)).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** The wrap-up as one more delivery of the call: same lane, same one history record (docs/screen-pop.md). */
export function wrapupWork(
  app: AppKey,
  callId: string,
  w: { user: string; result: string; memo: string; e164: string; key: string },
): NewWork {
  const body = new URLSearchParams({
    "record[id]": callId,
    "record[event]": "wrapup",
    "record[number]": w.e164,
    "record[result]": w.result,
    "record[memo]": w.memo,
    "record[wrapup_user]": w.user,
  }).toString();
  return callWork(app, callId, `wrapup:${w.key}`, w.e164 || null, body);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

export function createLiveHttp(deps: LiveHttpDeps) {
  const heartbeat = setInterval(() => deps.hub.each((s) => s.res.write(": ping\n\n")), HEARTBEAT_MS);
  heartbeat.unref();

  async function stream(key: AppKey, route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const claims = deps.tickets.verify(route.query.get("ticket") ?? "", key);
    const reg = claims ? await deps.store.getApp(key) : null;
    if (!claims || !reg) return sendJson(res, 401, { error: "unauthorized" });
    const allowed = origin(reg.kintoneBaseUrl);
    const headers: Record<string, string> = {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    };
    // Only kintone's own pages may read the stream from another origin.
    if (allowed) headers["Access-Control-Allow-Origin"] = allowed;
    res.writeHead(200, headers);
    res.write("retry: 2000\n\n");
    const unsubscribe = deps.hub.subscribe({ app: key, user: claims.user, email: claims.email, res });
    deps.log.debug({ ...appFields(reg), user: claims.user }, "live stream opened");
    req.on("close", () => {
      unsubscribe();
      deps.log.debug({ ...appFields(reg), user: claims.user }, "live stream closed");
    });
  }

  async function ticket(key: AppKey, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = v.safeParse(TicketRequestSchema, await jsonBody(req));
    if (!parsed.success) return sendJson(res, 400, { error: `invalid ticket request: ${firstIssue(parsed.issues)}` });
    const reg = await deps.store.getApp(key);
    if (!reg) return sendJson(res, 404, { error: "app not registered" });
    const t = deps.tickets.mint({ app: key, user: parsed.output.user, email: parsed.output.email });
    const streamUrl = `${tenantBase(deps.publicUrl, reg.tenant)}live/${reg.appId}?ticket=${encodeURIComponent(t.ticket)}`;
    const reply: TicketReply = { ...t, streamUrl };
    sendJson(res, 200, reply);
  }

  async function wrapup(key: AppKey, callId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = v.safeParse(WrapupSchema, await jsonBody(req));
    if (!parsed.success) return sendJson(res, 400, { error: `invalid wrap-up: ${firstIssue(parsed.issues)}` });
    const reg = await deps.store.getApp(key);
    if (!reg) return sendJson(res, 404, { error: "app not registered" });
    const w = parsed.output;
    const results = reg.settings.screenPop.results;
    if (w.result !== "" && !results.includes(w.result)) return sendJson(res, 400, { error: `result: not one of ${results.join(", ")}` });
    if (!reg.settings.history.enabled) return sendJson(res, 409, { error: "call history is off for this app" });
    const e164 = normalizePhone(w.e164) ?? deps.hub.callOf(key, callId)?.e164 ?? "";
    const stored = await deps.store.enqueue(wrapupWork(key, callId, { ...w, e164 }));
    deps.log.info({ ...appFields(reg), call: callId, duplicate: stored.duplicate }, "wrap-up stored");
    sendJson(res, 202, { ok: true, duplicate: stored.duplicate });
    if (!stored.duplicate) deps.onStored();
  }

  return {
    /** False when the path is not one of screen pop's. */
    async handle(route: Route, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const live = STREAM_PATH.exec(route.path);
      if (live && route.method === "GET") {
        await stream(appKey(route.tenantId, live[1]!), route, req, res);
        return true;
      }
      const m = PROXIED_PATH.exec(route.path);
      if (!m) return false;
      if (!hasAdminSecret(req, deps.adminSecret, route.tenant)) {
        sendJson(res, 401, { error: "unauthorized" });
        return true;
      }
      const key = appKey(route.tenantId, m[1]!);
      if (route.method !== "POST") sendJson(res, 405, { error: "method not allowed" });
      else if (m[2]) await ticket(key, req, res);
      else {
        let callId: string;
        try {
          callId = decodeURIComponent(m[3]!);
        } catch {
          sendJson(res, 400, { error: "the call id in the path is not valid percent-encoding" });
          return true;
        }
        await wrapup(key, callId, req, res);
      }
      return true;
    },
    close(): void {
      clearInterval(heartbeat);
      deps.hub.each((s) => s.res.end());
    },
  };
}

export type LiveHttp = ReturnType<typeof createLiveHttp>;
