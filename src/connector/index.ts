// The connector: HTTP endpoints (registration, webhooks), the work queue and the sync scheduler, joined here.
import type { Logger } from "pino";
import { register, statusOf } from "./http/admin";
import { createSecretBox } from "./crypto";
import { createRouter } from "./http/router";
import { createKintoneAccess, type KintoneAccess } from "./clients/kintone-rest";
import { createLogger } from "./logger";
import { DEFAULT_BACKOFF } from "./work/retry";
import { createSqliteStore } from "./store/sqlite";
import type { AppRegistration } from "./store/types";
import { createSyncScheduler } from "./sync/scheduler";
import type { Connector, ConnectorOptions } from "./types";
import { createWorker } from "./work/worker";

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
  const worker = createWorker({
    store,
    log,
    backoff,
    accessFor,
    concurrency: options.concurrency ?? 4,
    callconnectRequests,
    requestTimeoutMs: options.requestTimeoutMs,
    lingerMs: autoStart ? 250 : 0,
  });
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

  const scheduler = createSyncScheduler({
    store,
    log,
    accessFor,
    afterSync: kick,
    initialCap: options.initialCap,
    syncIntervalMs: syncInterval,
    reconcileIntervalMs: reconcileInterval,
  });
  if (autoStart) {
    scheduler.start();
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
      if (autoStart && store.getSync(appId).initialDoneAt === null) scheduler.syncInBackground(appId);
    },
    startSync(appId: string, opts: { confirmDeletes?: boolean } = {}) {
      const already = scheduler.isRunning(appId);
      store.requeueFailed(appId);
      scheduler.syncInBackground(appId, opts.confirmDeletes ? { reconcile: true, confirmDeletes: true } : {});
      return !already;
    },
    onRetry() {
      if (autoStart) void kick();
    },
    progressOf: (appId: string) => scheduler.progressOf(appId),
  };

  return {
    handle: createRouter({ basePath, log, ingest, admin }),
    runOnce: () => worker.drain(),
    register(appId, body) {
      const out = register(admin, appId, body);
      if (out.status !== 200) throw new Error(`settings refused: ${JSON.stringify(out.body)}`);
      return (out.body as { webhooks: { callconnect: string; kintone: string } }).webhooks;
    },
    sync: scheduler.sync,
    status: (lang = "ja") => store.listApps().map((r) => statusOf(store, options.publicUrl, r.appId, lang, scheduler.progressOf(r.appId))),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (kickSoon) clearTimeout(kickSoon);
      await scheduler.close();
      await worker.drain();
    },
  };
}
