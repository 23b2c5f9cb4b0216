// Drains the inbox: call deliveries in batches per app, customer work per record with bounded concurrency.
// Failures are retried with backoff or stopped with a stored reason; one drain runs at a time.
import pLimit from "p-limit";
import type { Logger } from "pino";
import { processCalls } from "./calls";
import { processCustomerWork } from "./customers";
import { kintoneFailure, renderReason, WorkError } from "../errors";
import type { KintoneAccess } from "../clients/kintone-rest";
import { backoffDelay, type BackoffOptions } from "./retry";
import type { AppRegistration, ConnectorStore, WorkItem } from "../store/types";

export interface WorkerDeps {
  store: ConnectorStore;
  log: Logger;
  backoff: BackoffOptions;
  accessFor(reg: AppRegistration): KintoneAccess;
  /** Concurrent CallConnect requests per drain. */
  concurrency: number;
  callconnectRequests: { count: number };
  requestTimeoutMs?: number;
  /** While deliveries keep arriving, wait up to this long for a fuller batch (0 = never wait). */
  lingerMs?: number;
}

const DUE_BATCH = 500;
const CALL_BATCH = 100;
const LINGER_STEP_MS = 25;

export function createWorker(deps: WorkerDeps) {
  const { store, log } = deps;
  const badAgents = new Map<string, Set<string>>();

  function failed(item: WorkItem, err: unknown): void {
    const we = err instanceof WorkError ? err : kintoneFailure(err, { app: item.appId, step: item.kind, permission: "view" });
    const attempts = item.attempts + 1;
    if (we.permanent || attempts >= deps.backoff.maxAttempts) {
      store.fail(item.id, JSON.stringify(we.reason));
      log.error({ app: item.appId, work: item.id, kind: item.kind, attempts }, renderReason(we.reason, "en"));
      return;
    }
    const delay = backoffDelay(attempts, deps.backoff, Math.random, we.retryAfterMs);
    store.retryLater(item.id, Date.now() + delay, JSON.stringify(we.reason));
    log.warn({ app: item.appId, work: item.id, kind: item.kind, attempts, retryInMs: delay }, renderReason(we.reason, "en"));
  }

  async function callBatch(reg: AppRegistration, access: KintoneAccess, batch: WorkItem[]): Promise<void> {
    let agents = badAgents.get(reg.appId);
    if (!agents) badAgents.set(reg.appId, (agents = new Set()));
    const ctx = {
      store,
      reg,
      access,
      badAgents: agents,
      onWarning: (f: WorkError) => log.warn({ app: reg.appId }, `calls written without a customer: ${renderReason(f.reason, "en")}`),
    };
    try {
      await processCalls(ctx, batch);
      log.info({ app: reg.appId, calls: batch.length, kintoneRequests: access.requests.count }, "calls written");
    } catch (err) {
      const permanent = err instanceof WorkError && err.permanent;
      if (!permanent || batch.length === 1) return batch.forEach((item) => failed(item, err));
      // One bad delivery must not block the others: isolate it.
      for (const item of batch) await processCalls(ctx, [item]).catch((e: unknown) => failed(item, e));
    }
  }

  async function forApp(appId: string, items: WorkItem[], limit: ReturnType<typeof pLimit>): Promise<void> {
    const reg = store.getApp(appId);
    if (!reg) {
      items.forEach((i) =>
        store.fail(i.id, JSON.stringify({ key: "error.other", params: { step: "process", details: `app ${appId} is not registered` } })),
      );
      return;
    }
    let access: KintoneAccess;
    try {
      access = deps.accessFor(reg);
    } catch (err) {
      return items.forEach((i) => failed(i, err));
    }
    const calls = items.filter((i) => i.kind === "call");
    const customers = items.filter((i) => i.kind !== "call");
    const serial = new Map<string, WorkItem[]>();
    for (const i of customers) serial.set(i.serialKey, [...(serial.get(i.serialKey) ?? []), i]);
    const customerWork = [...serial.values()].map((group) =>
      limit(async () => {
        for (const item of group) {
          try {
            await processCustomerWork(store, reg, item, deps.callconnectRequests, deps.requestTimeoutMs);
            store.complete([item.id]);
          } catch (err) {
            failed(item, err);
          }
        }
      }),
    );
    // Calls of one app run batch after batch, so one number's calls are never processed twice at once.
    for (let i = 0; i < calls.length; i += CALL_BATCH) await callBatch(reg, access, calls.slice(i, i + CALL_BATCH));
    await Promise.all(customerWork);
  }

  async function drainOnce(): Promise<void> {
    const limit = pLimit(deps.concurrency);
    let lingered = 0;
    for (;;) {
      const items = store.due(Date.now(), DUE_BATCH);
      if (items.length === 0) return;
      const linger = deps.lingerMs ?? 0;
      const arriving = items.some((i) => Date.now() - i.receivedAt < LINGER_STEP_MS * 2);
      if (items.length < CALL_BATCH && arriving && lingered < linger) {
        // A burst is still arriving: one write of 100 beats ten writes of 10 (kintone counts requests per day).
        await new Promise((r) => setTimeout(r, LINGER_STEP_MS));
        lingered += LINGER_STEP_MS;
        continue;
      }
      lingered = 0;
      const byApp = new Map<string, WorkItem[]>();
      for (const i of items) byApp.set(i.appId, [...(byApp.get(i.appId) ?? []), i]);
      await Promise.all([...byApp].map(([appId, list]) => forApp(appId, list, limit)));
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
