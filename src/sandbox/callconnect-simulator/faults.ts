// Injected failures on the customer API (5xx bursts, 429s, slow answers, dropped connections) for client tests.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatedFault } from "./types.js";
import { sendJson } from "./http.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createFaults() {
  let queue: { fault: SimulatedFault; left: number }[] = [];
  let requests = 0;

  return {
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
