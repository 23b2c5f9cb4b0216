// A standalone emulator on its own port with a temp sqlite file: for HTTP tests, benches and scripts.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createKintoneEmulator } from "./index.js";
import type { KintoneEmulator, KintoneEmulatorOptions } from "./types.js";

export interface RunningEmulator {
  url: string;
  emulator: KintoneEmulator;
  close(): Promise<void>;
}

export async function startEmulatorServer(options: Omit<KintoneEmulatorOptions, "db" | "publicUrl"> = {}): Promise<RunningEmulator> {
  const dir = mkdtempSync(join(tmpdir(), "kintone-emulator-"));
  const db = new Database(join(dir, "sandbox.sqlite"));
  db.pragma("journal_mode = WAL");
  let emulator: KintoneEmulator | null = null;
  const server = createServer((req, res) => {
    void (async () => {
      if (!emulator || !(await emulator.handle(req, res))) {
        res.writeHead(404).end();
      }
    })();
  });
  // "localhost": @kintone/rest-api-client accepts plain http only for that host name.
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const shutdown = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    emulator = createKintoneEmulator({ ...options, db, publicUrl: url });
  } catch (err) {
    await shutdown();
    throw err;
  }
  const running = emulator;
  return {
    url,
    emulator: running,
    async close() {
      running.faults.clear();
      await running.drainWebhooks();
      await shutdown();
    },
  };
}
