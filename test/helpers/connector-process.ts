// The connector as it runs in production: `serve` in a child process of its own (so kill -9 and its memory are its
// own), on a free port, answered once /health says so. Tests and benches pass the environment that differs.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { jsonLines } from "./log-lines";

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "localhost", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

export interface ServedConnector {
  proc: ChildProcess;
  port: number;
  /** http://localhost:{port}/ */
  url: string;
  /** What it wrote to stderr (its warnings and errors). */
  log: string[];
  /** Its structured log lines (stdout), when asked for with `keepLines`. */
  lines: Record<string, unknown>[];
}

/**
 * `env` on top of this process's: at least CONNECTOR_ADMIN_SECRET, CONNECTOR_ENCRYPTION_KEY and a store. With
 * `keepLines`, its pino lines (stdout, LOG_LEVEL info unless env says otherwise) are parsed into `lines`.
 */
export async function serveConnector(env: Record<string, string>, port?: number, keepLines = false): Promise<ServedConnector> {
  const p = port ?? (await freePort());
  const url = `http://localhost:${p}/`;
  const proc = spawn(process.execPath, ["--import", "tsx", "src/connector/cli.ts", "serve"], {
    env: { ...process.env, CONNECTOR_PORT: String(p), CONNECTOR_PUBLIC_URL: url, LOG_LEVEL: keepLines ? "info" : "warn", ...env },
    stdio: ["ignore", keepLines ? "pipe" : "ignore", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  if (keepLines) proc.stdout!.on("data", jsonLines(lines));
  const log: string[] = [];
  proc.stderr!.on("data", (d: Buffer) => {
    log.push(d.toString());
    if (process.env.CONNECTOR_CHILD_LOGS) process.stderr.write(d);
  });
  for (let i = 0; i < 400; i++) {
    if (proc.exitCode !== null) break;
    const up = await fetch(`${url}health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { proc, port: p, url, log, lines };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill("SIGKILL");
  throw new Error(`connector on ${p} did not start: ${log.join("")}`);
}

/** SIGKILL, resolved once the process has exited (at once when it already had). */
export function killed(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  proc.kill("SIGKILL");
  return exited;
}
