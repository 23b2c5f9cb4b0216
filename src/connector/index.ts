// The connector: HTTP endpoints (registration, webhooks), the work queue and the sync scheduler, joined here.
import type { Logger } from "pino";
import { register, statusOf } from "./http/admin";
import { createSecretBox } from "./crypto";
import { createRouter } from "./http/router";
import { createKintoneAccess, type KintoneAccess } from "./clients/kintone-rest";
import { createKintoneGate } from "./clients/kintone-gate";
import { createLogger } from "./logger";
import { DEFAULT_BACKOFF } from "./work/retry";
import { DEFAULT_LEASE_MS, openStore } from "./store/open";
import type { AppRegistration } from "./store/types";
import { createSyncScheduler } from "./sync/scheduler";
import type { Connector, ConnectorOptions } from "./types";
import { createWorker } from "./work/worker";
import { createLiveHub } from "./live/hub";
import { createLiveHttp } from "./live/http";
import { createTicketMinter } from "./live/tickets";
import { createLiveRelay } from "./live/relay";

export type { Connector, ConnectorOptions, SyncRun, AppStatus } from "./types";

const HOUR = 60 * 60_000;

export function createConnector(options: ConnectorOptions): Connector {
  const basePath = new URL(options.publicUrl).pathname.replace(/\/?$/, "/");
  const log: Logger = options.logger ?? createLogger();
  const store = openStore(options, createSecretBox(options.encryptionKey));
  const backoff = { ...DEFAULT_BACKOFF, ...options.retry };
  const autoStart = options.autoStart ?? true;
  const syncInterval = options.syncIntervalMs ?? HOUR;
  const reconcileInterval = options.reconcileIntervalMs ?? 24 * HOUR;
  const callconnectRequests = { count: 0 };
  const accessCache = new Map<string, { reg: AppRegistration; access: KintoneAccess }>();
  const gate = createKintoneGate({ store, log, concurrency: options.kintoneConcurrency, holdMs: 2 * (options.requestTimeoutMs ?? 30_000) });
  // The store hands out one object per saved version of an app: settings saved through another instance make a new one.
  const accessFor = (reg: AppRegistration) => {
    const cached = accessCache.get(reg.appId);
    if (cached?.reg === reg) return cached.access;
    const access = createKintoneAccess(reg, { timeoutMs: options.requestTimeoutMs, gate });
    accessCache.set(reg.appId, { reg, access });
    return access;
  };
  const hub = createLiveHub();
  const relay = createLiveRelay(hub, store, log);
  const worker = createWorker({
    onLinked: (appId, e164, ids) => void relay.then((r) => r.link(appId, e164, ids)),
    store,
    log,
    backoff,
    accessFor,
    concurrency: options.concurrency ?? 4,
    callconnectRequests,
    requestTimeoutMs: options.requestTimeoutMs,
    lingerMs: autoStart ? 250 : 0,
    renewEveryMs: (options.leaseMs ?? DEFAULT_LEASE_MS) / 3,
  });
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  /** Drains, then wakes up again when the earliest retry is due. */
  function kick(): Promise<void> {
    return worker.drain().then(async () => {
      if (!autoStart || closed) return;
      const next = await store.nextDueAt().catch((err: unknown) => (log.error({ err }, "the store did not answer"), Date.now() + 1_000));
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
    dailyRequestBudget: options.dailyRequestBudget,
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
  const live = createLiveHttp({
    store,
    hub,
    tickets: createTicketMinter(options.encryptionKey),
    adminSecret: options.adminSecret,
    publicUrl: options.publicUrl,
    log,
    onStored,
  });
  const ingest = { store, log, onStored, live: { store, relay, onStored } };
  const admin = {
    store,
    dailyRequestBudget: options.dailyRequestBudget,
    adminSecret: options.adminSecret,
    publicUrl: options.publicUrl,
    async onRegistered(appId: string) {
      accessCache.delete(appId);
      // Saving the settings is how an admin fixes a token or a mapping: stopped work gets another chance.
      const requeued = await store.requeueFailed(appId);
      if (requeued) log.info({ app: appId, requeued }, "failed work queued again after new settings");
      if (requeued && autoStart) void kick();
      if (autoStart && (await store.getSync(appId)).initialDoneAt === null) scheduler.syncInBackground(appId);
    },
    async startSync(appId: string, opts: { confirmDeletes?: boolean } = {}) {
      const already = scheduler.isRunning(appId);
      await store.requeueFailed(appId);
      scheduler.syncInBackground(appId, opts.confirmDeletes ? { reconcile: true, confirmDeletes: true } : {});
      return !already;
    },
    onRetry() {
      if (autoStart) void kick();
    },
    progressOf: (appId: string) => scheduler.progressOf(appId),
  };

  return {
    handle: createRouter({ basePath, log, ingest, admin, live }),
    runOnce: () => worker.drain(),
    async register(appId, body) {
      const out = await register(admin, appId, body);
      if (out.status !== 200) throw new Error(`settings refused: ${JSON.stringify(out.body)}`);
      return (out.body as { webhooks: { callconnect: string; kintone: string } }).webhooks;
    },
    sync: scheduler.sync,
    status: async (lang = "ja") =>
      Promise.all(
        (await store.listApps()).map((r) =>
          statusOf(store, options.publicUrl, r.appId, lang, scheduler.progressOf(r.appId), options.dailyRequestBudget),
        ),
      ),
    async close() {
      closed = true;
      live.close();
      await (await relay).close();
      if (retryTimer) clearTimeout(retryTimer);
      if (kickSoon) clearTimeout(kickSoon);
      await scheduler.close();
      await worker.drain();
      await gate.flush();
      await store.close();
    },
  };
}
