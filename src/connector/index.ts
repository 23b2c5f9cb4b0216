// The connector: HTTP endpoints (registration, webhooks), the work queue and the sync scheduler, joined here.
import type { Logger } from "pino";
import { handleAdmin, register, statusOf } from "./admin";
import { createSecretBox } from "./crypto";
import { renderReason, WorkError } from "./errors";
import { sendJson, routeOf } from "./http";
import { createKintoneAccess, type KintoneAccess } from "./kintone";
import { createLogger } from "./logger";
import { DEFAULT_BACKOFF } from "./retry";
import { createSqliteStore } from "./store/sqlite";
import type { AppRegistration } from "./store/types";
import { incrementalSync, initialImport, reconcile, type SyncDeps, type SyncProgress } from "./sync";
import type { Connector, ConnectorOptions, SyncRun } from "./types";
import { callconnectWebhook, kintoneWebhook } from "./webhooks";
import { createWorker } from "./worker";

export type { Connector, ConnectorOptions, SyncRun, AppStatus } from "./types";

const HOUR = 60 * 60_000;

export function createConnector(options: ConnectorOptions): Connector {
  const basePath = new URL(options.publicUrl).pathname.replace(/\/?$/, "/");
  const log: Logger = options.logger ?? createLogger();
  const store = createSqliteStore(options.db, createSecretBox(options.encryptionKey));
  const backoff = { ...DEFAULT_BACKOFF, ...options.retry };
  const autoStart = options.autoStart ?? true;
  const syncInterval = options.syncIntervalMs ?? HOUR;
  const reconcileInterval = options.reconcileIntervalMs ?? 24 * HOUR;
  const callconnectRequests = { count: 0 };
  const accessCache = new Map<string, KintoneAccess>();
  const accessFor = (reg: AppRegistration) => {
    let a = accessCache.get(reg.appId);
    if (!a) accessCache.set(reg.appId, (a = createKintoneAccess(reg, { timeoutMs: options.requestTimeoutMs })));
    return a;
  };
  const worker = createWorker({ store, log, backoff, accessFor, concurrency: options.concurrency ?? 4, callconnectRequests, requestTimeoutMs: options.requestTimeoutMs, lingerMs: autoStart ? 250 : 0 });
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  /** Drains, then wakes up again when the earliest retry is due. */
  function kick(): Promise<void> {
    return worker.drain().then(() => {
      if (!autoStart || closed) return;
      const next = store.nextDueAt();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = next === null ? null : setTimeout(() => void kick(), Math.max(0, next - Date.now()) + 5);
    });
  }

  const syncing = new Map<string, Promise<SyncRun[]>>();
  const progress = new Map<string, SyncProgress>();
  async function syncApp(appId: string, opts: { initial?: boolean; reconcile?: boolean } = {}): Promise<SyncRun[]> {
    const reg = store.getApp(appId);
    if (!reg) throw new Error(`app ${appId} is not registered`);
    progress.set(appId, { kind: "incremental", read: 0, queued: 0 });
    const deps: SyncDeps = { store, log, access: accessFor(reg), reg, initialCap: options.initialCap, onProgress: (p) => progress.set(appId, p) };
    const runs: SyncRun[] = [];
    try {
      const state = store.getSync(appId);
      const first = opts.initial === true || state.initialDoneAt === null;
      runs.push({ app: appId, ...(first ? await initialImport(deps, opts.initial === true) : await incrementalSync(deps)) });
      const reconcileDue = opts.reconcile ?? (state.lastReconcileAt === null || Date.now() - state.lastReconcileAt >= reconcileInterval);
      if (reconcileDue) runs.push({ app: appId, ...(await reconcile(deps)) });
    } catch (err) {
      const reason = err instanceof WorkError ? err.reason : { key: "error.other" as const, params: { step: "sync", details: err instanceof Error ? err.message : String(err) } };
      store.saveSync({ ...store.getSync(appId), lastError: JSON.stringify(reason) });
      log.error({ app: appId }, `sync failed: ${renderReason(reason, "en")}`);
      throw err;
    }
    await kick();
    return runs;
  }
  function sync(appId: string, opts?: { initial?: boolean; reconcile?: boolean }): Promise<SyncRun[]> {
    const running = syncing.get(appId);
    if (running) return running;
    const p = syncApp(appId, opts).finally(() => {
      syncing.delete(appId);
      progress.delete(appId);
    });
    syncing.set(appId, p);
    return p;
  }
  const syncInBackground = (appId: string, opts?: { initial?: boolean }) => void sync(appId, opts).catch(() => undefined);

  if (autoStart) {
    for (const reg of store.listApps()) syncInBackground(reg.appId);
    timers.add(setInterval(() => store.listApps().forEach((r) => syncInBackground(r.appId)), syncInterval));
    void kick();
  }

  // A burst of webhooks wakes the worker once, a moment later, so its deliveries are written in batches.
  let kickSoon: NodeJS.Timeout | null = null;
  const onStored = () => {
    if (!autoStart || closed || kickSoon) return;
    kickSoon = setTimeout(() => {
      kickSoon = null;
      void kick();
    }, 20);
  };
  const ingest = { store, log, onStored };
  const admin = {
    store,
    adminSecret: options.adminSecret,
    publicUrl: options.publicUrl,
    onRegistered(appId: string) {
      accessCache.delete(appId);
      // Saving the settings is how an admin fixes a token or a mapping: stopped work gets another chance.
      const requeued = store.requeueFailed(appId);
      if (requeued) log.info({ app: appId, requeued }, "failed work queued again after new settings");
      if (requeued && autoStart) void kick();
      if (autoStart && store.getSync(appId).initialDoneAt === null) syncInBackground(appId);
    },
    startSync(appId: string) {
      const already = syncing.has(appId);
      store.requeueFailed(appId);
      syncInBackground(appId);
      return !already;
    },
    progressOf: (appId: string) => progress.get(appId) ?? null,
  };

  return {
    async handle(req, res) {
      const route = routeOf(req, basePath);
      if (!route) return false;
      try {
        const hook = /^webhooks\/(callconnect|kintone)\/(\d+)$/.exec(route.path);
        if (hook && route.method === "POST") {
          await (hook[1] === "callconnect" ? callconnectWebhook : kintoneWebhook)(ingest, hook[2]!, req, res, route);
        } else if (route.path === "health") {
          sendJson(res, 200, { ok: true });
        } else if (!(await handleAdmin(admin, route, req, res))) {
          sendJson(res, 404, { error: "not found" });
        }
      } catch (err) {
        log.error({ err, path: route.path }, "request failed");
        if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      }
      return true;
    },
    runOnce: () => worker.drain(),
    register(appId, body) {
      const out = register(admin, appId, body);
      if (out.status !== 200) throw new Error(`settings refused: ${JSON.stringify(out.body)}`);
      return (out.body as { webhooks: { callconnect: string; kintone: string } }).webhooks;
    },
    sync,
    status: (lang = "ja") => store.listApps().map((r) => statusOf(store, r.appId, lang, progress.get(r.appId) ?? null)),
    async close() {
      closed = true;
      timers.forEach((t) => clearInterval(t));
      if (retryTimer) clearTimeout(retryTimer);
      if (kickSoon) clearTimeout(kickSoon);
      await Promise.allSettled([...syncing.values()]);
      await worker.drain();
    },
  };
}
