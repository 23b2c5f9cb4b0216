// Webhooks: registered per app, delivered after the REST response, tracked so drainWebhooks() can await them.
import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";
import type { StoredRecord, WebhookEvent } from "./types.js";

export type WebhookPayload =
  | { type: "ADD_RECORD" | "UPDATE_RECORD"; record: StoredRecord; recordTitle: string; recordId: string }
  | { type: "DELETE_RECORD"; recordId: string; deletedBy: { code: string; name: string }; deletedAt: string };

export function createWebhooks(db: Database, publicUrl: string) {
  const inFlight = new Set<Promise<void>>();
  const listStmt = db.prepare<[number], { url: string; events: string }>("SELECT url, events FROM k_webhooks WHERE app = ? ORDER BY id");
  const cache = new Map<number, { url: string; events: WebhookEvent[] }[]>();
  const list = (appId: number): { url: string; events: WebhookEvent[] }[] => {
    const hit = cache.get(appId);
    if (hit) return hit;
    const hooks = listStmt.all(appId).map((r) => ({ url: r.url, events: JSON.parse(r.events) as WebhookEvent[] }));
    cache.set(appId, hooks);
    return hooks;
  };

  async function deliver(url: string, body: string): Promise<void> {
    try {
      // A receiver that never answers must not hold drainWebhooks() forever.
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) console.warn(`kintone emulator: webhook ${new URL(url).origin} answered ${res.status}`);
      await res.arrayBuffer();
    } catch (err) {
      // Origin only: the path may carry the receiver's secret.
      console.warn(`kintone emulator: webhook ${new URL(url).origin} failed: ${(err as Error).message}`);
    }
  }

  return {
    add(appId: number, hook: { url: string; events: WebhookEvent[] }): void {
      db.prepare("INSERT INTO k_webhooks (app, url, events) VALUES (?, ?, ?)").run(appId, hook.url, JSON.stringify(hook.events));
      cache.delete(appId);
    },
    list,
    remove(appId: number, url: string): void {
      db.prepare("DELETE FROM k_webhooks WHERE app = ? AND url = ?").run(appId, url);
      cache.delete(appId);
    },
    /** Queues deliveries for one event; never throws and never delays the caller. */
    emit(app: { id: number; name: string }, payload: WebhookPayload): void {
      const hooks = list(app.id).filter((h) => h.events.includes(payload.type));
      if (hooks.length === 0) return;
      const base = { id: randomUUID(), type: payload.type, app: { id: String(app.id), name: app.name } };
      const body =
        payload.type === "DELETE_RECORD"
          ? { ...base, recordId: payload.recordId, deletedBy: payload.deletedBy, deletedAt: payload.deletedAt }
          : {
              ...base,
              record: payload.record,
              recordTitle: payload.recordTitle,
              url: `${publicUrl.replace(/\/$/, "")}/k/${app.id}/show#record=${payload.recordId}`,
            };
      const json = JSON.stringify(body);
      for (const hook of hooks) {
        const p: Promise<void> = deliver(hook.url, json).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    },
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
export type Webhooks = ReturnType<typeof createWebhooks>;
