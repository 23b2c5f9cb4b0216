// When the syncs run: one at a time per app, the first import until it has been done once, the checkpoint sync on
// an interval and the reconciliation when it is due. The worker is woken after each run to send what was queued.
import type { Logger } from "pino";
import type { KintoneAccess } from "../clients/kintone-rest";
import { renderReason, WorkError } from "../errors";
import type { AppRegistration, ConnectorStore } from "../store/types";
import type { SyncTrigger } from "../../shared/contract/connector";
import type { SyncRun } from "../types";
import { incrementalSync } from "./checkpoint-sync";
import { initialImport } from "./initial-import";
import type { SyncDeps, SyncProgress } from "./read";
import { reconcile } from "./reconcile";
import { DEFAULT_DAILY_REQUEST_BUDGET, domainOf } from "../clients/kintone-gate";

/** The share of the day's kintone budget past which the (non-urgent) reconciliation waits. */
const RECONCILE_SHARE = 0.8;

export interface SyncOptions {
  initial?: boolean;
  reconcile?: boolean;
  /** An administrator confirmed the held deletes: check every unseen customer, however many. */
  confirmDeletes?: boolean;
  /** Manual unless the schedule started it. */
  trigger?: SyncTrigger;
}

export interface SchedulerDeps {
  store: ConnectorStore;
  log: Logger;
  accessFor(reg: AppRegistration): KintoneAccess;
  /** Called after every run that ended well: sends what it queued. */
  afterSync(): Promise<void>;
  initialCap?: number;
  /** kintone requests per app per day: past 80 % of it the reconciliation waits for the next day (calls never wait). */
  dailyRequestBudget?: number;
  syncIntervalMs: number;
  reconcileIntervalMs: number;
}

export interface SyncScheduler {
  /** Runs a sync of the app now; a sync already running for it is joined, not started twice. */
  sync(appId: string, opts?: SyncOptions): Promise<SyncRun[]>;
  /** The same, its failure kept in the app's status instead of thrown. */
  syncInBackground(appId: string, opts?: SyncOptions): void;
  isRunning(appId: string): boolean;
  progressOf(appId: string): SyncProgress | null;
  /** Syncs every registered app now and then on the interval. */
  start(): void;
  close(): Promise<void>;
}

export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const { store, log } = deps;
  const running = new Map<string, Promise<SyncRun[]>>();
  const progress = new Map<string, SyncProgress>();
  let timer: NodeJS.Timeout | null = null;

  async function run(appId: string, opts: SyncOptions): Promise<SyncRun[]> {
    const reg = await store.getApp(appId);
    if (!reg) throw new Error(`app ${appId} is not registered`);
    const trigger = opts.trigger ?? "manual";
    progress.set(appId, { kind: "incremental", read: 0, queued: 0, trigger });
    const syncDeps: SyncDeps = {
      store,
      log: log.child({ tenant: domainOf(reg) }),
      access: deps.accessFor(reg),
      reg,
      trigger,
      initialCap: deps.initialCap,
      onProgress: (p) => progress.set(appId, p),
    };
    const runs: SyncRun[] = [];
    try {
      const state = await store.getSync(appId);
      const first = opts.initial === true || state.initialDoneAt === null;
      runs.push({ app: appId, ...(first ? await initialImport(syncDeps, opts.initial === true) : await incrementalSync(syncDeps)) });
      const reconcileDue =
        opts.reconcile ?? (state.lastReconcileAt === null || Date.now() - state.lastReconcileAt >= deps.reconcileIntervalMs);
      const budget = deps.dailyRequestBudget ?? DEFAULT_DAILY_REQUEST_BUDGET;
      const used = reconcileDue && opts.reconcile === undefined ? await store.requestsToday(appId) : 0;
      if (used >= budget * RECONCILE_SHARE)
        log.warn(
          { app: appId, tenant: domainOf(reg), kintoneRequestsToday: used, budget },
          "reconcile put off: the day's kintone budget is spent",
        );
      else if (reconcileDue) runs.push({ app: appId, ...(await reconcile(syncDeps, { confirmed: opts.confirmDeletes === true })) });
    } catch (err) {
      const reason =
        err instanceof WorkError
          ? err.reason
          : { key: "error.other" as const, params: { step: "sync", details: err instanceof Error ? err.message : String(err) } };
      await store.saveSync({ ...(await store.getSync(appId)), lastError: JSON.stringify(reason) });
      log.error({ app: appId }, `sync failed: ${renderReason(reason, "en")}`);
      throw err;
    }
    await deps.afterSync();
    return runs;
  }

  function sync(appId: string, opts: SyncOptions = {}): Promise<SyncRun[]> {
    const already = running.get(appId);
    if (already) return already;
    const p = run(appId, opts).finally(() => {
      running.delete(appId);
      progress.delete(appId);
    });
    running.set(appId, p);
    return p;
  }
  const syncInBackground = (appId: string, opts?: SyncOptions) => void sync(appId, opts).catch(() => undefined);

  return {
    sync,
    syncInBackground,
    isRunning: (appId) => running.has(appId),
    progressOf: (appId) => progress.get(appId) ?? null,
    start() {
      // Every instance ticks; the one that takes the app's lease for this interval runs its sync, the others skip it.
      const all = () =>
        store
          .listApps()
          .then(async (apps) => {
            for (const r of apps)
              if (await store.claimLease(`sync:${r.appId}`, deps.syncIntervalMs * 0.9)) syncInBackground(r.appId, { trigger: "scheduled" });
          })
          .catch((err: unknown) => log.error({ err }, "scheduled sync: the store did not answer"));
      void all();
      timer = setInterval(() => void all(), deps.syncIntervalMs);
    },
    async close() {
      if (timer) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
