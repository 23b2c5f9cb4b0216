// The connector: HTTP endpoints (registration, webhooks), the work queue and the sync scheduler, joined here.
import type { Logger } from "pino";
import { register, statusOf } from "./http/admin";
import { createSecretBox } from "./crypto";
import { createRouter } from "./http/router";
import { createKintoneAccess, type KintoneAccess } from "./clients/kintone-rest";
import { createKintoneGate } from "./clients/kintone-gate";
import { createLogger, keyFields } from "./logger";
import { DEFAULT_BACKOFF } from "./work/retry";
import { DEFAULT_LEASE_MS, openStore } from "./store/open";
import type { AppRegistration } from "./store/types";
import { kintoneOriginOf, newTenantSecret, parseAppKey, splitAppKey, TENANT_ID, tenantBase, type AppKey, type Tenant } from "./tenants";
import { createSyncScheduler } from "./sync/scheduler";
import type { Connector, ConnectorOptions, TenantSecret } from "./types";
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
  const accessCache = new Map<AppKey, { reg: AppRegistration; access: KintoneAccess }>();
  const gate = createKintoneGate({ store, log, concurrency: options.kintoneConcurrency, holdMs: 2 * (options.requestTimeoutMs ?? 30_000) });
  // The store hands out one object per saved version of an app: settings saved through another instance make a new one.
  const accessFor = (reg: AppRegistration) => {
    const cached = accessCache.get(reg.key);
    if (cached?.reg === reg) return cached.access;
    const access = createKintoneAccess(reg, { timeoutMs: options.requestTimeoutMs, gate });
    accessCache.set(reg.key, { reg, access });
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
    async onRegistered(key: AppKey) {
      accessCache.delete(key);
      // Saving the settings is how an admin fixes a token or a mapping: stopped work gets another chance.
      const requeued = await store.requeueFailed(key);
      if (requeued) log.info({ ...keyFields(key), requeued }, "failed work queued again after new settings");
      if (requeued && autoStart) void kick();
      if (autoStart && (await store.getSync(key)).initialDoneAt === null) scheduler.syncInBackground(key);
    },
    async startSync(key: AppKey, opts: { confirmDeletes?: boolean } = {}) {
      const already = scheduler.isRunning(key);
      await store.requeueFailed(key);
      scheduler.syncInBackground(key, opts.confirmDeletes ? { reconcile: true, confirmDeletes: true } : {});
      return !already;
    },
    onRetry() {
      if (autoStart) void kick();
    },
    progressOf: (key: AppKey) => scheduler.progressOf(key),
  };

  /** "12" or "acme/12" as the CLI and the tests name an app. */
  const keyOf = (text: string): AppKey => {
    const key = parseAppKey(text);
    if (!key) throw new Error(`"${text}" is not an app: give kintone's app id, or tenant/app id for a tenant's app`);
    return key;
  };
  /** A new secret for a tenant (a new one, or one whose secret is rotated): stored as its hash, returned once. */
  const issueSecret = async (tenant: Omit<Tenant, "secretHash">): Promise<TenantSecret> => {
    const { secret, secretHash } = newTenantSecret();
    await store.putTenant({ ...tenant, secretHash });
    return { id: tenant.id, secret, connectorUrl: tenantBase(options.publicUrl, tenant.id), kintone: tenant.kintoneOrigin };
  };
  const tenantOf = async (key: AppKey): Promise<Tenant | null> => {
    const { tenant } = splitAppKey(key);
    if (!tenant) return null;
    const found = await store.getTenant(tenant);
    if (!found) throw new Error(`tenant "${tenant}" does not exist: add it first (npm run connector -- tenant add ${tenant})`);
    return found;
  };

  return {
    handle: createRouter({ basePath, log, ingest, admin, live }),
    runOnce: () => worker.drain(),
    async register(app, body) {
      const key = keyOf(app);
      const out = await register(admin, key, await tenantOf(key), body);
      if (out.status !== 200) throw new Error(`settings refused: ${JSON.stringify(out.body)}`);
      return (out.body as { webhooks: { callconnect: string; kintone: string } }).webhooks;
    },
    sync: (app, opts) => scheduler.sync(keyOf(app), opts),
    status: async (lang = "ja", tenant) =>
      Promise.all(
        (await store.listApps(tenant)).map((r) =>
          statusOf(store, options.publicUrl, r.key, lang, scheduler.progressOf(r.key), options.dailyRequestBudget),
        ),
      ),
    async addTenant(id, opts = {}) {
      if (!TENANT_ID.test(id))
        throw new Error(`"${id}" cannot be a tenant id: use 1–32 lower-case letters, digits and inner hyphens (acme, acme-2)`);
      if (await store.getTenant(id)) throw new Error(`tenant "${id}" exists already (rotate-secret gives it a new secret)`);
      const kintoneOrigin = opts.kintone === undefined ? null : kintoneOriginOf(opts.kintone);
      if (opts.kintone !== undefined && !kintoneOrigin)
        throw new Error(`"${opts.kintone}" is not a kintone URL (https://example.cybozu.com)`);
      return issueSecret({ id, kintoneOrigin, createdAt: Date.now() });
    },
    async rotateTenantSecret(id) {
      const tenant = await store.getTenant(id);
      if (!tenant) throw new Error(`tenant "${id}" does not exist`);
      return issueSecret(tenant);
    },
    async removeTenant(id) {
      if (!(await store.removeTenant(id))) throw new Error(`tenant "${id}" does not exist`);
      log.info({ tenant: id }, "tenant removed with its apps");
    },
    async tenants() {
      const apps = await store.listApps();
      return (await store.listTenants()).map((t) => ({
        id: t.id,
        connectorUrl: tenantBase(options.publicUrl, t.id),
        kintone: t.kintoneOrigin,
        apps: apps.filter((a) => a.tenant === t.id).map((a) => a.appId),
        createdAt: new Date(t.createdAt).toISOString(),
      }));
    },
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
