// The connector's contract with its hosts: the CLI (`serve`) and the sandbox.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface ConnectorOptions {
  /** Embedded state (checkpoints, webhook inbox, retries, links). Tables prefixed `conn_`. Unused with `databaseUrl`. */
  db?: import("better-sqlite3").Database;
  /** postgres://… : the state in PostgreSQL instead, shared by every instance pointed at it (docs/connector.md). */
  databaseUrl?: string;
  /** This instance's name in leases (host:pid:random by default). */
  instanceId?: string;
  /** How long work claimed by an instance stays its own without renewal (PostgreSQL; default 30 s). */
  leaseMs?: number;
  /** Concurrent kintone requests per kintone domain, across all instances (default 10; kintone allows 100). */
  kintoneConcurrency?: number;
  /** kintone requests per app per day before reconciliation waits for the next day (default 10,000, kintone's standard limit). */
  dailyRequestBudget?: number;
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
  /** Backoff of failed work (tests shorten it). */
  retry?: { baseMs?: number; maxMs?: number; maxAttempts?: number };
  /** First-import cap (3,000, as CallConnect documents); tests lower it. */
  initialCap?: number;
  /** How often synced customers are checked for deletes the webhook missed (daily by default). */
  reconcileIntervalMs?: number;
  /** Concurrent CallConnect requests while draining (default 4). */
  concurrency?: number;
  /** Timeout of one kintone or CallConnect request (default 30 s). */
  requestTimeoutMs?: number;
}

export type { AppStatus, SyncRun } from "../shared/contract/connector";
import type { AppStatus, SyncRun, WebhookUrls } from "../shared/contract/connector";

export interface TenantSecret {
  id: string;
  /** X-Connector-Secret of the tenant's plugin (its proxy config): shown once. */
  secret: string;
  /** What the tenant's administrator types as the connector's URL in the plugin's settings. */
  connectorUrl: string;
  kintone: string | null;
}

export interface Connector {
  /** Serves paths under the publicUrl's path (`/connector/…` in the sandbox); false when not its own. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Drains the inbox and due retries once; resolves when nothing runnable is left. */
  runOnce(): Promise<void>;
  /**
   * One sync of one app (the first import when none was done, or `initial` to redo it), then a drain. Apps are named
   * by kintone's app id ("12"), a tenant's by tenant and app id ("acme/12").
   */
  sync(app: string, options?: { initial?: boolean; reconcile?: boolean }): Promise<SyncRun[]>;
  /**
   * Headless registration (CLI `register --file`): the same body and checks as `PUT …/settings`.
   * Returns the webhook URLs, or throws with the reason the settings were refused.
   */
  register(app: string, body: unknown): Promise<WebhookUrls>;
  /** What `GET …/status` answers, for every registered app (or one tenant's; "" for the connector's own). */
  status(lang?: "ja" | "en", tenant?: string): Promise<AppStatus[]>;
  /**
   * A new tenant: its apps are managed under its own URL with its own secret, returned here once and stored only as a
   * hash. `kintone` binds the tenant to one kintone (its apps must be there).
   */
  addTenant(id: string, options?: { kintone?: string }): Promise<TenantSecret>;
  /** A new secret for a tenant; the old one stops working at once. */
  rotateTenantSecret(id: string): Promise<TenantSecret>;
  /** Removes a tenant and everything of its apps; its secret, URLs and webhooks stop at once. */
  removeTenant(id: string): Promise<void>;
  tenants(): Promise<{ id: string; connectorUrl: string; kintone: string | null; apps: string[]; createdAt: string }[]>;
  close(): Promise<void>;
}
