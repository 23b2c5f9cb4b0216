// The connector's contract with its hosts: the CLI (`serve`) and the sandbox.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface ConnectorOptions {
  /** Embedded state (checkpoints, webhook inbox, retries, links). Tables prefixed `conn_`. */
  db: import("better-sqlite3").Database;
  /** Where the connector is reachable, e.g. http://localhost:8080/connector/ — used in the webhook URLs it hands out. */
  publicUrl: string;
  /** Shared admin secret the config screen sends as X-Connector-Secret. */
  adminSecret: string;
  /** Key that encrypts stored secrets (tokens, passwords) at rest. */
  encryptionKey: string;
  /** Hourly by default. */
  syncIntervalMs?: number;
  logger?: import("pino").Logger;
  /** Start the scheduler and the worker loop (default true). Tests may drive `runOnce` instead. */
  autoStart?: boolean;
}

export interface Connector {
  /** Serves paths under the publicUrl's path (`/connector/…` in the sandbox); false when not its own. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Drains the inbox and due retries once; resolves when nothing runnable is left. */
  runOnce(): Promise<void>;
  close(): Promise<void>;
}
