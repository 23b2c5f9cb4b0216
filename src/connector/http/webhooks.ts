// Webhook ingestion: verify → parse → store durably → acknowledge. Processing happens later, in the worker.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { parseCallDelivery } from "../work/call-history";
import { BodyTooLarge, contentTypeOf, readBody, sendJson, type Route } from "./respond";
import type { AppRegistration, ConnectorStore, NewWork } from "../store/types";
import { SIGNATURE_HEADER, verifyWebhook } from "./verify";
import { callWork, customerDeleteWork, customerUpsertWork } from "../work/keys";
import { isLiveEventForm } from "../../shared/callconnect/live-events";
import { takeCallEnd, takeLiveEvent, type IntakeDeps } from "../live/intake";
import { appFields, keyFields } from "../logger";
import { splitAppKey, type AppKey } from "../tenants";

export interface IngestDeps {
  store: ConnectorStore;
  log: Logger;
  /** Called after a new delivery is stored (the worker picks it up). */
  onStored(): void;
  /** Screen pop: live events go to the agents' streams (src/connector/live/). */
  live?: IntakeDeps;
}

type Parsed =
  | { ok: true; work: NewWork; after?: (app: AppRegistration) => Promise<void> }
  | { ok: true; live: URLSearchParams; body: string }
  | { ok: false; status: number; error: string };

async function ingest(
  deps: IngestDeps,
  source: string,
  key: AppKey,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  parse: (raw: Buffer) => Parsed | null,
): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    return sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { error: "unreadable_body" });
  }
  const app = await deps.store.getApp(key);
  // Who the lines are about, even for a webhook of an app this connector does not know.
  const who = app ? appFields(app) : keyFields(key);
  const verdict = verifyWebhook({
    secrets: app ? [app.webhookKey] : [],
    key: route.query.get("key"),
    signature: source === "callconnect" ? ((req.headers[SIGNATURE_HEADER] as string | undefined) ?? null) : null,
    rawBody: raw,
  });
  if (!verdict.ok) {
    deps.log.warn({ source, ...who, failure: verdict.failure }, "webhook refused: not authenticated");
    return sendJson(res, 401, { error: "unauthorized" });
  }
  const parsed = parse(raw);
  if (parsed === null) return sendJson(res, 200, { ignored: true });
  if (!parsed.ok) {
    deps.log.warn({ source, ...who, error: parsed.error }, "webhook refused: bad payload");
    return sendJson(res, parsed.status, { error: parsed.error });
  }
  if ("live" in parsed) {
    // Nothing to store: a ring is shown now or never (app is known: the key matched its webhook key).
    if (!deps.live) return sendJson(res, 200, { ignored: true });
    const out = await takeLiveEvent(deps.live, app!, parsed.live, parsed.body);
    if ("error" in out) return sendJson(res, 400, { error: out.error });
    deps.log.info({ source, ...who, event: parsed.live.get("record[event]"), stale: out.stale }, "live event");
    return sendJson(res, 200, { ok: true, stale: out.stale });
  }
  // Acknowledged only once the insert has committed.
  const stored = await deps.store.enqueue(parsed.work);
  deps.log.info({ source, ...who, work: stored.id, duplicate: stored.duplicate, dedupe: parsed.work.dedupeKey }, "webhook stored");
  sendJson(res, 200, { ok: true, duplicate: stored.duplicate });
  if (!stored.duplicate) deps.onStored();
  if (parsed.after && app) await parsed.after(app).catch((err: unknown) => deps.log.warn({ err, ...who }, "live update failed"));
}

export function callconnectWebhook(deps: IngestDeps, key: AppKey, req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
  return ingest(deps, "callconnect", key, req, res, route, (raw) => {
    if (contentTypeOf(req) !== "application/x-www-form-urlencoded")
      return { ok: false, status: 415, error: "expected application/x-www-form-urlencoded" };
    const body = raw.toString("utf8");
    const form = new URLSearchParams(body);
    if (isLiveEventForm(form)) return { ok: true, live: form, body };
    const parsed = parseCallDelivery(form);
    if (!parsed.ok) return { ok: false, status: 400, error: parsed.reason };
    const d = parsed.delivery;
    // Only CallConnect's own events come this way; the connector's own (ring, wrap-up) are not accepted from outside.
    if (d.event === "call_ringing" || d.event === "wrapup")
      return { ok: false, status: 400, error: `record[event] "${d.event}" is not accepted here` };
    const live = deps.live;
    return {
      ok: true,
      work: callWork(key, d.callId, d.event, d.e164, body),
      after: live ? (reg) => takeCallEnd(live, reg, d, form) : undefined,
    };
  });
}

interface KintoneWebhook {
  id?: unknown;
  type?: unknown;
  app?: { id?: unknown };
  record?: Record<string, { type?: string; value?: unknown }>;
  recordId?: unknown;
}

export function kintoneWebhook(deps: IngestDeps, key: AppKey, req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
  const { appId } = splitAppKey(key);
  return ingest(deps, "kintone", key, req, res, route, (raw) => {
    if (contentTypeOf(req) !== "application/json") return { ok: false, status: 415, error: "expected application/json" };
    let hook: KintoneWebhook;
    try {
      hook = JSON.parse(raw.toString("utf8")) as KintoneWebhook;
    } catch {
      return { ok: false, status: 400, error: "body is not JSON" };
    }
    if (String(hook.app?.id ?? "") !== appId)
      return { ok: false, status: 400, error: `webhook is for app ${String(hook.app?.id)}, not ${appId}` };
    const delivery = String(hook.id ?? "");
    if (hook.type === "DELETE_RECORD") {
      const recordId = String(hook.recordId ?? "");
      if (!recordId) return { ok: false, status: 400, error: "recordId is missing" };
      return { ok: true, work: customerDeleteWork(key, recordId, { delivery }) };
    }
    if (hook.type === "ADD_RECORD" || hook.type === "UPDATE_RECORD") {
      const record = hook.record;
      const recordId = String(record?.$id?.value ?? "");
      if (!record || !recordId) return { ok: false, status: 400, error: "record is missing" };
      // Same key as the hourly sync's for this revision: whichever comes second is a no-op.
      const revision = String(record.$revision?.value ?? delivery);
      return { ok: true, work: customerUpsertWork(key, recordId, revision, record) };
    }
    return null; // comments, status changes: nothing for CallConnect
  });
}
