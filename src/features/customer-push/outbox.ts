// Durable outbox of customer changes not yet confirmed by CallConnect, in the browser's storage per app
// and plugin. One entry per record (key = externalKey): the newest change replaces older ones, so a retry
// never sends stale data; each entry has its own id so a late answer to an older attempt cannot clear it.
import type { Customer } from "../../shared/callconnect/client";

export type Change = { op: "upsert"; key: string; customer: Customer } | { op: "delete"; key: string };

export type OutboxEntry = Change & {
  id: string;
  attempts: number;
  /** Epoch ms before which the entry is not retried. */
  nextAt: number;
  lastError?: string;
};

/** The part of `localStorage` the outbox uses; tests pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function outboxStorageKey(pluginId: string, appId: string | number): string {
  return `callconnect-outbox:${pluginId}:${appId}`;
}

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/** 30 s, 1 min, 2 min… capped at 6 h, after the n-th failed attempt. */
export function backoffMs(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);
}

export class Outbox {
  private counter = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly storageKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  list(): OutboxEntry[] {
    try {
      const raw = this.storage.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed)
        ? (parsed as OutboxEntry[]).filter((e) => e && typeof e.key === "string" && typeof e.id === "string")
        : [];
    } catch {
      // Unreadable storage (disabled, corrupted) must not break the record page.
      return [];
    }
  }

  private write(entries: OutboxEntry[]): void {
    try {
      if (entries.length) this.storage.setItem(this.storageKey, JSON.stringify(entries));
      else this.storage.removeItem(this.storageKey);
    } catch {
      // Quota exceeded or storage disabled: the change is still sent now; only its retry is lost.
    }
  }

  /** Records a change before it is sent; replaces any pending change of the same record. */
  put(change: Change): OutboxEntry {
    const entry: OutboxEntry = {
      ...change,
      id: `${this.now().toString(36)}-${(this.counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      attempts: 0,
      nextAt: this.now(),
    };
    this.write([...this.list().filter((e) => e.key !== change.key), entry]);
    return entry;
  }

  /** Clears an entry once CallConnect confirmed it, unless a newer change replaced it meanwhile. */
  done(entry: OutboxEntry): void {
    this.write(this.list().filter((e) => e.id !== entry.id));
  }

  failed(entry: OutboxEntry, reason: string): void {
    this.write(
      this.list().map((e) => {
        if (e.id !== entry.id) return e;
        const attempts = e.attempts + 1;
        return { ...e, attempts, nextAt: this.now() + backoffMs(attempts), lastError: reason };
      }),
    );
  }

  due(): OutboxEntry[] {
    const now = this.now();
    return this.list().filter((e) => e.nextAt <= now);
  }
}
