// The registration API the plugin's config screen calls through kintone.proxy (config-ui/connector-client.ts):
// PUT settings (→ webhook URLs), GET status, POST sync. Authenticated by X-Connector-Secret.
import { randomBytes } from "node:crypto";
import * as v from "valibot";
import type { IncomingMessage, ServerResponse } from "node:http";
import { langOf } from "../../shared/i18n";
import { CONFIG_KEY, loadSettings } from "../../shared/settings";
import {
  APP_SECRET_NAMES,
  firstIssue,
  RegistrationSchema,
  type AppSecrets,
  type AppStatus,
  type SyncProgress,
  type WebhookUrls,
} from "../../shared/contract/connector";
import { hasAdminSecret } from "./verify";
import { DEFAULT_DAILY_REQUEST_BUDGET } from "../clients/kintone-gate";
import { renderReason, type Reason } from "../errors";
import { BodyTooLarge, readBody, sendJson, type Route } from "./respond";
import type { AppRegistration, ConnectorStore } from "../store/types";
import { APP_ID_PATTERN, appKey, kintoneOriginOf, splitAppKey, tenantBase, type AppKey, type Tenant } from "../tenants";

export interface AdminDeps {
  store: ConnectorStore;
  /** kintone requests per app per day the status measures against (kintone's standard 10,000). */
  dailyRequestBudget?: number;
  adminSecret: string;
  publicUrl: string;
  onRegistered(app: AppKey): Promise<void>;
  startSync(app: AppKey, opts?: { confirmDeletes?: boolean }): Promise<boolean>;
  /** Work was put back in line: wake the worker. */
  onRetry(): void;
  /** The running sync's progress, null when none runs. */
  progressOf(app: AppKey): SyncProgress | null;
}

/** The two URLs an app's webhooks are sent to: below its tenant's prefix, with the app's own key. */
export function webhookUrls(publicUrl: string, reg: Pick<AppRegistration, "tenant" | "appId" | "webhookKey">): WebhookUrls {
  const base = tenantBase(publicUrl, reg.tenant);
  const q = `?key=${encodeURIComponent(reg.webhookKey)}`;
  return { callconnect: `${base}webhooks/callconnect/${reg.appId}${q}`, kintone: `${base}webhooks/kintone/${reg.appId}${q}` };
}

/** Rendered reason of a stored failure (JSON Reason), or the text as stored. */
function reasonText(stored: string | null, lang: "ja" | "en"): string | null {
  if (!stored) return null;
  try {
    return renderReason(JSON.parse(stored) as Reason, lang);
  } catch {
    return stored;
  }
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export async function statusOf(
  store: ConnectorStore,
  publicUrl: string,
  key: AppKey,
  lang: "ja" | "en",
  progress: SyncProgress | null,
  budget = DEFAULT_DAILY_REQUEST_BUDGET,
): Promise<AppStatus> {
  const [sync, reg, counts, failures, requestsToday] = await Promise.all([
    store.getSync(key),
    store.getApp(key),
    store.counts(key),
    store.failures(key, 5),
    store.requestsToday(key),
  ]);
  return {
    app: key,
    syncing: progress !== null,
    progress,
    lastSyncAt: iso(sync.lastSyncAt),
    lastSync: sync.lastSync,
    lastSyncError: reasonText(sync.lastError, lang),
    checkpoint: sync.checkpoint,
    lastReconcileAt: iso(sync.lastReconcileAt),
    pending: counts.pending,
    failed: counts.failed,
    done: counts.done,
    failures: failures.map((f) => ({ id: f.id, kind: f.kind, at: iso(f.receivedAt), reason: reasonText(f.error, lang) })),
    heldDeletes: sync.heldDeletes ? { count: sync.heldDeletes.recordIds.length, at: iso(sync.heldDeletes.at)! } : null,
    webhooks: reg ? webhookUrls(publicUrl, reg) : null,
    kintoneRequestsToday: requestsToday,
    kintoneRequestBudget: budget,
  };
}

const PASSWORD_REFUSED =
  "the connector signs in to kintone with API tokens only (kintone's password authentication is for people, not servers). " +
  "Create API tokens for the customer app and the history app and register them instead.";

/** The key of a kintone login password in a registration body, if someone offered one. */
function passwordOffered(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as Record<string, unknown>;
  const secrets = typeof b.secrets === "object" && b.secrets !== null ? (b.secrets as Record<string, unknown>) : {};
  for (const [where, obj] of [
    ["", b],
    ["secrets.", secrets],
  ] as const)
    for (const key of ["password", "kintonePassword", "username", "kintoneUsername"])
      if (typeof obj[key] === "string" && obj[key] !== "") return `${where}${key}`;
  return null;
}

/**
 * Saves an app's registration. `tenant` is the tenant the key names (null for the connector's own apps): a tenant
 * bound to one kintone registers apps of that kintone only.
 */
export async function register(
  deps: AdminDeps,
  key: AppKey,
  tenant: Tenant | null,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const password = passwordOffered(body);
  if (password) return { status: 400, body: { error: `${password}: ${PASSWORD_REFUSED}` } };
  const parsed = v.safeParse(RegistrationSchema, body);
  if (!parsed.success) return { status: 400, body: { error: `invalid registration: ${firstIssue(parsed.issues)}` } };
  const b = parsed.output;
  const loaded = loadSettings({ [CONFIG_KEY]: JSON.stringify(b.settings ?? null) });
  if (loaded.kind !== "ok")
    return { status: 400, body: { error: "invalid settings", details: loaded.kind === "invalid" ? loaded.error.details : [] } };
  const base = b.kintoneBaseUrl;
  if (tenant?.kintoneOrigin && kintoneOriginOf(base) !== tenant.kintoneOrigin)
    return {
      status: 403,
      body: {
        error: `kintoneBaseUrl: this connector serves ${tenant.kintoneOrigin} for this tenant, not ${kintoneOriginOf(base) ?? base}`,
      },
    };
  const prev = await deps.store.getApp(key);
  const secrets = {} as AppSecrets;
  for (const k of APP_SECRET_NAMES) {
    // kintone's proxy merges the saved proxy data at the top level of the body: accept it there too.
    const given = [b.secrets?.[k], b[k]].find((x): x is string => typeof x === "string" && x.trim() !== "");
    secrets[k] = given?.trim() ?? prev?.secrets[k] ?? "";
  }
  const reg: AppRegistration = {
    key,
    ...splitAppKey(key),
    settings: loaded.settings,
    secrets,
    kintoneBaseUrl: base,
    webhookKey: prev?.webhookKey ?? randomBytes(24).toString("base64url"),
  };
  await deps.store.putApp(reg);
  await deps.onRegistered(key);
  return { status: 200, body: { webhooks: webhookUrls(deps.publicUrl, reg) } };
}

const ADMIN_PATH = new RegExp(`^api/apps/(${APP_ID_PATTERN})/(settings|status|sync|deletes/confirm|failures/(\\d+)/(?:retry|dismiss))$`);

export async function handleAdmin(deps: AdminDeps, route: Route, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const m = ADMIN_PATH.exec(route.path);
  if (!m) return false;
  if (!hasAdminSecret(req, deps.adminSecret, route.tenant)) {
    sendJson(res, 401, { error: "unauthorized" });
    return true;
  }
  const [, appId = "", action = "", failureId] = m;
  const key = appKey(route.tenantId, appId);
  const lang = langOf(route.query.get("lang") ?? (req.headers["accept-language"] ?? "ja").slice(0, 2));
  if (action === "settings" && route.method === "PUT") {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { error: "unreadable body" });
      return true;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      sendJson(res, 400, { error: "body is not JSON" });
      return true;
    }
    const out = await register(deps, key, route.tenant, json);
    sendJson(res, out.status, out.body);
  } else if (action === "status" && route.method === "GET") {
    if (!(await deps.store.getApp(key))) sendJson(res, 404, { error: "app not registered" });
    else sendJson(res, 200, await statusOf(deps.store, deps.publicUrl, key, lang, deps.progressOf(key), deps.dailyRequestBudget));
  } else if (action === "sync" && route.method === "POST") {
    await readBody(req).catch(() => Buffer.alloc(0));
    if (!(await deps.store.getApp(key))) sendJson(res, 404, { error: "app not registered" });
    else sendJson(res, 202, { started: await deps.startSync(key) });
  } else if (action === "deletes/confirm" && route.method === "POST") {
    // The administrator's word: every unseen customer is checked one by one; those kintone says are gone go.
    await readBody(req).catch(() => Buffer.alloc(0));
    if (!(await deps.store.getSync(key)).heldDeletes) sendJson(res, 409, { error: "no held deletes to confirm" });
    else sendJson(res, 202, { started: await deps.startSync(key, { confirmDeletes: true }) });
  } else if (failureId && route.method === "POST") {
    await readBody(req).catch(() => Buffer.alloc(0));
    const id = Number(failureId);
    const done = await (action.endsWith("/retry") ? deps.store.retryFailed(key, id) : deps.store.dismissFailed(key, id));
    if (!done) sendJson(res, 404, { error: "no such failed work" });
    else {
      if (action.endsWith("/retry")) deps.onRetry();
      sendJson(res, 200, { ok: true });
    }
  } else sendJson(res, 405, { error: "method not allowed" });
  return true;
}
