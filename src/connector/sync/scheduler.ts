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
import { DEFAULT_DAILY_REQUEST_BUDGET } from "../clients/kintone-gate";
import { appFields } from "../logger";
import type { AppKey } from "../tenants";

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
  sync(app: AppKey, opts?: SyncOptions): Promise<SyncRun[]>;
  /** The same, its failure kept in the app's status instead of thrown. */
  syncInBackground(app: AppKey, opts?: SyncOptions): void;
  isRunning(app: AppKey): boolean;
  progressOf(app: AppKey): SyncProgress | null;
  /** Syncs every registered app now and then on the interval. */
  start(): void;
  close(): Promise<void>;
}

export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const { store, log } = deps;
  const running = new Map<AppKey, Promise<SyncRun[]>>();
  const progress = new Map<AppKey, SyncProgress>();
  let timer: NodeJS.Timeout | null = null;

  async function run(key: AppKey, opts: SyncOptions): Promise<SyncRun[]> {
    const reg = await store.getApp(key);
    if (!reg) throw new Error(`app ${key} is not registered`);
    const trigger = opts.trigger ?? "manual";
    progress.set(key, { kind: "incremental", read: 0, queued: 0, trigger });
    const appLog = log.child(appFields(reg));
    const syncDeps: SyncDeps = {
      store,
      log: appLog,
      access: deps.accessFor(reg),
      reg,
      trigger,
      initialCap: deps.initialCap,
      onProgress: (p) => progress.set(key, p),
    };
    const runs: SyncRun[] = [];
    try {
      const state = await store.getSync(key);
      const first = opts.initial === true || state.initialDoneAt === null;
      runs.push({ app: key, ...(first ? await initialImport(syncDeps, opts.initial === true) : await incrementalSync(syncDeps)) });
      const reconcileDue =
        opts.reconcile ?? (state.lastReconcileAt === null || Date.now() - state.lastReconcileAt >= deps.reconcileIntervalMs);
      const budget = deps.dailyRequestBudget ?? DEFAULT_DAILY_REQUEST_BUDGET;
      const used = reconcileDue && opts.reconcile === undefined ? await store.requestsToday(key) : 0;
      if (used >= budget * RECONCILE_SHARE)
        appLog.warn(
          { kintoneRequestsToday: used, budget },
          `reconcile put off until tomorrow: ${Math.round(RECONCILE_SHARE * 100)} % of the day's kintone requests are used`,
        );
      else if (reconcileDue) runs.push({ app: key, ...(await reconcile(syncDeps, { confirmed: opts.confirmDeletes === true })) });
    } catch (err) {
      const reason =
        err instanceof WorkError
          ? err.reason
          : { key: "error.other" as const, params: { step: "sync", details: err instanceof Error ? err.message : String(err) } };
      await store.saveSync({ ...(await store.getSync(key)), lastError: JSON.stringify(reason) });
      appLog.error(`sync failed: ${renderReason(reason, "en")}`);
      throw err;
    }
    await deps.afterSync();
    return runs;
  }

  function sync(key: AppKey, opts: SyncOptions = {}): Promise<SyncRun[]> {
    const already = running.get(key);
    if (already) return already;
    const p = run(key, opts).finally(() => {
      running.delete(key);
      progress.delete(key);
    });
    running.set(key, p);
    return p;
  }
  const syncInBackground = (key: AppKey, opts?: SyncOptions) => void sync(key, opts).catch(() => undefined);

  return {
    sync,
    syncInBackground,
    isRunning: (key) => running.has(key),
    progressOf: (key) => progress.get(key) ?? null,
    start() {
      // Every instance ticks; the one that takes the app's lease for this interval runs its sync, the others skip it.
      const all = () =>
        store
          .listApps()
          .then(async (apps) => {
            for (const r of apps)
              if (await store.claimLease(`sync:${r.key}`, deps.syncIntervalMs * 0.9)) syncInBackground(r.key, { trigger: "scheduled" });
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
