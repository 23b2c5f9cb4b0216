// Failures on the customer API: queued ones for client tests (5xx bursts, 429s, slow answers, dropped
// connections), and a lasting outage mode a user switches on the admin page to try the plugin's outbox.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatedFault } from "./types.js";
import { sendJson } from "./http.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const OUTAGE_MODES = ["normal", "down", "slow", "error"] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];
/** Longer than the plugin waits for a push (3 s), shorter than kintone's proxy timeout. */
export const DEFAULT_SLOW_MS = 10_000;

export function createFaults(slowMs = DEFAULT_SLOW_MS) {
  let queue: { fault: SimulatedFault; left: number }[] = [];
  let requests = 0;
  let mode: OutageMode = "normal";

  /** The outage mode's answer; true when it answered (or dropped) the request. */
  async function outage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (mode === "slow") await sleep(slowMs);
    if (mode === "down") {
      req.resume();
      res.socket?.destroy();
      return true;
    }
    if (mode !== "error") return false;
    req.resume();
    sendJson(res, 503, { error: { code: "server_error", message: "CallConnect is unavailable (simulated outage)" } });
    return true;
  }

  return {
    mode: () => mode,
    setMode(next: OutageMode): void {
      mode = next;
    },
    inject(faults: SimulatedFault[]): void {
      queue.push(...faults.map((fault) => ({ fault: { ...fault }, left: Math.max(1, fault.times ?? 1) })));
    },
    clear(): void {
      queue = [];
    },
    count: () => requests,
    /** Counts the request and plays the first matching fault; true when the request was answered (or dropped). */
    async play(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
      requests++;
      if (mode !== "normal" && (await outage(req, res))) return true;
      const entry = queue.find((q) => path.startsWith(q.fault.path ?? ""));
      if (!entry) return false;
      if (--entry.left <= 0) queue = queue.filter((q) => q !== entry);
      const { fault } = entry;
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.drop) {
        req.resume();
        res.socket?.destroy();
        return true;
      }
      if (!fault.status) return false;
      const headers: Record<string, string> = fault.status === 429 ? { "retry-after": String(fault.retryAfterSeconds ?? 1) } : {};
      const code = fault.status === 429 ? "rate_limited" : fault.status >= 500 ? "server_error" : "injected_fault";
      req.resume();
      sendJson(res, fault.status, { error: { code, message: `Injected fault (${fault.status})` } }, headers);
      return true;
    },
  };
}
