// The test suite's fault hooks: per path and method, skip/count like a real outage. Not reachable over HTTP.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { InjectedFault } from "../types.js";
import { readBody } from "./request.js";

interface Armed {
  fault: InjectedFault;
  seen: number;
  faulted: number;
}

export function createFaults() {
  let armed: Armed[] = [];
  let hits = 0;
  const hung = new Set<Socket>();
  return {
    inject(fault: InjectedFault): void {
      armed.push({ fault: { ...fault, method: fault.method?.toUpperCase() }, seen: 0, faulted: 0 });
    },
    /** Removes every fault, resets hits(), and closes the sockets of hung requests so servers can close. */
    clear(): void {
      armed = [];
      hits = 0;
      for (const socket of hung) socket.destroy();
      hung.clear();
    },
    hits: () => hits,
    /** The fault this request meets, if any. `method` is the effective one; `path` has no query and no guest prefix. */
    take(method: string, path: string): InjectedFault | null {
      for (const a of armed) {
        const { fault } = a;
        if (fault.path !== path || (fault.method && fault.method !== method) || a.faulted >= (fault.count ?? 1)) continue;
        if (a.seen++ < (fault.skip ?? 0)) continue;
        a.faulted++;
        hits++;
        return fault;
      }
      return null;
    },
    hold(socket: Socket): void {
      hung.add(socket);
      socket.once("close", () => hung.delete(socket));
    },
  };
}
export type Faults = ReturnType<typeof createFaults>;

/** A load balancer's error page: HTML, none of kintone's JSON or headers. */
function errorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`;
}

/** Plays every kind but drop-after-commit, which the handler plays once the request has been processed. */
export async function playFault(
  fault: InjectedFault,
  req: IncomingMessage,
  res: ServerResponse,
  faults: Faults,
  tooMany: () => void,
): Promise<void> {
  if (fault.kind === "reset") return void req.socket.resetAndDestroy();
  if (fault.kind === "hang") return faults.hold(req.socket);
  await readBody(req).catch(() => "");
  if (fault.kind === "429") return tooMany();
  const status = fault.status ?? 503;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(errorPage(status));
}
