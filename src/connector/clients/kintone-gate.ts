// Every kintone request of every instance passes here: at most `concurrency` at once per kintone domain across all
// instances (slots in the store; kintone allows 100 per domain), and each one counted against its app's day.
import pLimit from "p-limit";
import type { Logger } from "pino";
import type { AppRegistration, ConnectorStore } from "../store/types";
import { domainOf, type AppKey } from "../tenants";
import { appFields } from "../logger";

export interface KintoneGate {
  through<T>(reg: AppRegistration, send: () => Promise<T>): Promise<T>;
  /** Writes the counts not yet stored. */
  flush(): Promise<void>;
}

export interface GateOptions {
  store: ConnectorStore;
  log: Logger;
  /** Concurrent requests per kintone domain, all instances together (default 10). */
  concurrency?: number;
  /** A slot outlives a request by at most this long when its instance dies holding it. */
  holdMs?: number;
}

export const DEFAULT_KINTONE_CONCURRENCY = 10;
/** kintone's standard course: 10,000 requests per app per day. */
export const DEFAULT_DAILY_REQUEST_BUDGET = 10_000;
const FLUSH_MS = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createKintoneGate(options: GateOptions): KintoneGate {
  const { store, log } = options;
  const limit = options.concurrency ?? DEFAULT_KINTONE_CONCURRENCY;
  const holdMs = options.holdMs ?? 60_000;
  // No more waiters per process than slots: the others queue here instead of asking the database.
  const local = new Map<string, ReturnType<typeof pLimit>>();
  /** Requests not yet stored, per app (with its registration, for the log if storing them fails). */
  const counts = new Map<AppKey, { n: number; reg: AppRegistration }>();
  let timer: NodeJS.Timeout | null = null;

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const todo = [...counts];
    counts.clear();
    for (const [key, { n, reg }] of todo)
      await store
        .countRequests(key, n)
        .catch((err: unknown) => log.warn({ err, ...appFields(reg), requests: n }, "kintone requests not counted"));
  }

  async function slot(domain: string): Promise<number> {
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const got = await store.takeSlot(domain, limit, holdMs);
      if (got !== null) return got;
      await sleep(wait);
    }
  }

  return {
    flush,
    through(reg, send) {
      const domain = domainOf(reg);
      let lane = local.get(domain);
      if (!lane) local.set(domain, (lane = pLimit(limit)));
      counts.set(reg.key, { n: (counts.get(reg.key)?.n ?? 0) + 1, reg });
      timer ??= setTimeout(() => void flush(), FLUSH_MS);
      return lane(async () => {
        const taken = await slot(domain);
        try {
          return await send();
        } finally {
          await store
            .freeSlot(domain, taken)
            .catch((err: unknown) => log.warn({ err, ...appFields(reg), domain }, "kintone slot not freed"));
        }
      });
    },
  };
}
