// Drains the inbox. Items of one lane (one kintone record, one phone number) run one after another; lanes run side
// by side: call deliveries in batches of up to 100 per app, customer work item by item. A batch that fails for a
// passing reason comes back whole, at one time, so retries stay batched; a refusal stops only what it names; a
// hung request holds its own batch, not the others.
import pLimit from "p-limit";
import type { Logger } from "pino";
import { processCalls } from "./calls";
import { processCustomerWork } from "./customers";
import { RefusedCalls } from "./history";
import { parseCallDelivery } from "./call-history";
import { kintoneFailure, renderReason, WorkError } from "../errors";
import type { KintoneAccess } from "../clients/kintone-rest";
import { appFields } from "../logger";
import { domainOf, splitAppKey, type AppKey } from "../tenants";
import { backoffDelay, type BackoffOptions } from "./retry";
import type { AppRegistration, ConnectorStore, WorkItem } from "../store/types";

export interface WorkerDeps {
  store: ConnectorStore;
  log: Logger;
  backoff: BackoffOptions;
  accessFor(reg: AppRegistration): KintoneAccess;
  /** Concurrent CallConnect requests. */
  concurrency: number;
  /** Concurrent call batches per kintone domain (kintone allows 100 requests at once per domain). */
  kintoneConcurrency?: number;
  callconnectRequests: { count: number };
  requestTimeoutMs?: number;
  /** While deliveries keep arriving, wait up to this long for a fuller batch (0 = never wait). */
  lingerMs?: number;
  /** See CallDeps.onLinked. */
  onLinked?(app: AppKey, e164: string, recordIds: string[]): void;
  /** How often the leases of the items in hand are renewed (PostgreSQL; well inside the store's lease). */
  renewEveryMs?: number;
}

const DUE_BATCH = 500;
const CALL_BATCH = 100;
const LINGER_STEP_MS = 25;
const POLL_MS = 50;
/** Tasks (lanes, batches) in flight at once: enough to keep every limiter busy. The queue is read again only once
 * half of them are done, not for each of thousands of finishing tasks (each read copies the items' bodies). */
const MAX_TASKS = 64;
/** A call batch running longer than this no longer holds back a partial batch of its app (it may hang). */
const SLOW_BATCH_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const callIdOf = (item: WorkItem) => {
  const parsed = parseCallDelivery(new URLSearchParams(item.body));
  return parsed.ok ? parsed.delivery.callId : null;
};

export function createWorker(deps: WorkerDeps) {
  const { store, log } = deps;
  const badAgents = new Map<AppKey, Set<string>>();
  const domains = new Map<string, ReturnType<typeof pLimit>>();
  const callconnect = pLimit(deps.concurrency);
  const domainLimit = (reg: AppRegistration) => {
    const host = domainOf(reg);
    let limit = domains.get(host);
    if (!limit) domains.set(host, (limit = pLimit(deps.kintoneConcurrency ?? 8)));
    return limit;
  };

  /** app → who its log lines are about. */
  const fieldsOf = new Map<AppKey, { tenant: string; app: string }>();

  /** Stops the items for good, or schedules them all for one later time so they come back as one batch. */
  async function failed(items: WorkItem[], err: unknown): Promise<void> {
    const first = items[0];
    if (!first) return;
    const we =
      err instanceof WorkError ? err : kintoneFailure(err, { app: splitAppKey(first.app).appId, step: first.kind, permission: "view" });
    const attempts = Math.max(...items.map((i) => i.attempts)) + 1;
    const reason = JSON.stringify(we.reason);
    if (we.permanent || attempts >= deps.backoff.maxAttempts) {
      await store.transaction(async (tx) => {
        for (const i of items) await tx.fail(i.id, reason);
      });
      log.error({ ...fieldsOf.get(first.app), work: items.map((i) => i.id), kind: first.kind, attempts }, renderReason(we.reason, "en"));
      return;
    }
    const at = Date.now() + backoffDelay(attempts, deps.backoff, Math.random, we.retryAfterMs);
    await store.transaction(async (tx) => {
      for (const i of items) await tx.retryLater(i.id, at, reason);
    });
    log.warn(
      { ...fieldsOf.get(first.app), items: items.length, kind: first.kind, attempts, retryInMs: at - Date.now() },
      renderReason(we.reason, "en"),
    );
  }

  async function callBatch(reg: AppRegistration, access: KintoneAccess, batch: WorkItem[]): Promise<void> {
    let agents = badAgents.get(reg.key);
    if (!agents) badAgents.set(reg.key, (agents = new Set()));
    const ctx = {
      store,
      reg,
      access,
      badAgents: agents,
      onWarning: (f: WorkError) => log.warn(appFields(reg), `calls written without a customer: ${renderReason(f.reason, "en")}`),
      onLinked: deps.onLinked,
    };
    let rest = batch;
    // Each round either writes everything or stops at least one refused call, so it ends.
    while (rest.length > 0) {
      try {
        await processCalls(ctx, rest);
        log.info({ ...appFields(reg), calls: rest.length, kintoneRequests: access.requests.count }, "calls written");
        return;
      } catch (err) {
        // A refusal may name a field added or renamed since the form was read.
        if (err instanceof RefusedCalls || (err instanceof WorkError && err.permanent)) {
          access.forgetForm(access.historyApp);
          access.forgetForm(access.customerApp);
        }
        if (!(err instanceof RefusedCalls)) return await failed(rest, err);
        const refused = rest.filter((i) => err.callIds.has(callIdOf(i) ?? ""));
        if (refused.length === 0) return await failed(rest, err.failure);
        await failed(refused, err.failure);
        rest = rest.filter((i) => !refused.includes(i));
      }
    }
  }

  async function customerLane(reg: AppRegistration, lane: WorkItem[]): Promise<void> {
    for (const item of lane) {
      try {
        await callconnect(() => processCustomerWork(store, reg, item, deps.callconnectRequests, deps.requestTimeoutMs));
        await store.complete([item.id]);
      } catch (err) {
        await failed([item], err);
        return; // the lane's later items wait behind this one
      }
    }
  }

  /** Whole lanes into batches of up to `size` items; a lane longer than that sends its first `size` now. */
  function batchesOf(items: WorkItem[], size: number): WorkItem[][] {
    const lanes = new Map<string, WorkItem[]>();
    for (const i of items) lanes.set(i.serialKey, [...(lanes.get(i.serialKey) ?? []), i]);
    const batches: WorkItem[][] = [];
    let current: WorkItem[] = [];
    for (const lane of lanes.values()) {
      const part = lane.slice(0, size);
      if (current.length + part.length > size) {
        batches.push(current);
        current = [];
      }
      current.push(...part);
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  async function drainOnce(): Promise<void> {
    const tasks = new Set<Promise<void>>();
    const busyIds = new Set<number>();
    const busyLanes = new Set<string>();
    const callBatchesSince = new Map<AppKey, number[]>();
    const run = (items: WorkItem[], work: () => Promise<void>, onDone?: () => void) => {
      for (const i of items) {
        busyIds.add(i.id);
        busyLanes.add(i.serialKey);
      }
      const task: Promise<void> = work()
        .catch((err: unknown) => log.error({ err }, "work failed unexpectedly"))
        // What the task left pending (a lane's items behind a retry) is not held for the rest of the lease.
        .then(() => store.release(items.map((i) => i.id)))
        .catch((err: unknown) => log.warn({ err }, "leases not released: they run out on their own"))
        .finally(() => {
          for (const i of items) {
            busyIds.delete(i.id);
            busyLanes.delete(i.serialKey);
          }
          onDone?.();
          tasks.delete(task);
        });
      tasks.add(task);
    };
    const renewal = setInterval(
      () => void store.renew([...busyIds]).catch((err: unknown) => log.warn({ err }, "leases not renewed")),
      deps.renewEveryMs ?? 10_000,
    );
    try {
      await loop(tasks, busyIds, busyLanes, callBatchesSince, run);
    } finally {
      clearInterval(renewal);
    }
  }

  async function loop(
    tasks: Set<Promise<void>>,
    busyIds: Set<number>,
    busyLanes: Set<string>,
    callBatchesSince: Map<AppKey, number[]>,
    run: (items: WorkItem[], work: () => Promise<void>, onDone?: () => void) => void,
  ): Promise<void> {
    for (;;) {
      if (tasks.size >= MAX_TASKS / 2) {
        await Promise.race(tasks);
        continue;
      }
      // What was busy before the read: a task that finishes while it is awaited must not hand its items out again.
      const wasBusy = new Set(busyIds);
      const wasBusyLane = new Set(busyLanes);
      const claimed = await store.due(Date.now(), DUE_BATCH + busyIds.size);
      const items = claimed.filter((i) => !wasBusy.has(i.id) && !wasBusyLane.has(i.serialKey));
      // Claimed but not taken (its task was just finishing with it, or it is held back below): back in line at once.
      const unused = () => claimed.filter((i) => !items.includes(i) || !busyIds.has(i.id)).map((i) => i.id);
      if (items.length === 0) {
        await store.release(unused());
        if (tasks.size === 0) return;
        await Promise.race([...tasks, sleep(POLL_MS)]);
        continue;
      }
      const byApp = new Map<AppKey, WorkItem[]>();
      for (const i of items) byApp.set(i.app, [...(byApp.get(i.app) ?? []), i]);
      for (const [app, list] of byApp) await dispatch(app, list, run, callBatchesSince, () => MAX_TASKS - tasks.size);
      await store.release(unused());
      await Promise.race([...tasks, sleep(POLL_MS)]);
    }
  }

  async function dispatch(
    app: AppKey,
    items: WorkItem[],
    run: (items: WorkItem[], work: () => Promise<void>, onDone?: () => void) => void,
    callBatchesSince: Map<AppKey, number[]>,
    /** How many more tasks may start now. */
    room: () => number,
  ): Promise<void> {
    const reg = await store.getApp(app);
    if (reg) fieldsOf.set(app, appFields(reg));
    if (!reg) {
      const reason = JSON.stringify({ key: "error.other", params: { step: "process", details: `app ${app} is not registered` } });
      return store.transaction(async (tx) => {
        for (const i of items) await tx.fail(i.id, reason);
      });
    }
    let access: KintoneAccess;
    try {
      access = deps.accessFor(reg);
    } catch (err) {
      return failed(items, err);
    }
    const lanes = new Map<string, WorkItem[]>();
    for (const i of items.filter((x) => x.kind !== "call")) lanes.set(i.serialKey, [...(lanes.get(i.serialKey) ?? []), i]);
    for (const lane of lanes.values()) if (room() > 0) run(lane, () => customerLane(reg, lane));

    const running = callBatchesSince.get(app) ?? [];
    const calls = items.filter((i) => i.kind === "call");
    // While a batch of this app is being written, a partial batch waits to grow; a full one, or one behind a
    // slow (maybe hung) batch, goes at once. So does a partial batch whose calls are still arriving, for up to
    // lingerMs after its oldest: one write of 100 beats ten writes of 10 (kintone counts requests per app per day),
    // and with many tenants or several instances each app's calls come in thinly.
    const now = Date.now();
    const arriving =
      calls.length > 0 &&
      now - Math.max(...calls.map((i) => i.receivedAt)) < LINGER_STEP_MS * 2 &&
      now - Math.min(...calls.map((i) => i.receivedAt)) < (deps.lingerMs ?? 0);
    const holdPartial = arriving || running.some((t) => now - t < SLOW_BATCH_MS);
    const limit = domainLimit(reg);
    for (const batch of batchesOf(calls, CALL_BATCH)) {
      if ((holdPartial && batch.length < CALL_BATCH) || room() <= 0) continue;
      const started = Date.now();
      callBatchesSince.set(app, [...(callBatchesSince.get(app) ?? []), started]);
      run(
        batch,
        () => limit(() => callBatch(reg, access, batch)),
        () =>
          callBatchesSince.set(
            app,
            (callBatchesSince.get(app) ?? []).filter((t) => t !== started),
          ),
      );
    }
  }

  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const guarded = () => drainOnce().catch((err: unknown) => log.error({ err }, "drain failed"));

  function drain(): Promise<void> {
    if (!running) {
      running = guarded().finally(() => (running = null));
      return running;
    }
    // Everyone who asks while a drain runs shares the one that follows it: a burst makes big batches, not a queue of drains.
    next ??= running.then(() => {
      next = null;
      return drain();
    });
    return next;
  }

  return {
    /** Resolves when nothing runnable is left (retries scheduled later stay pending). */
    drain,
  };
}
