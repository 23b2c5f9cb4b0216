// The CallConnect simulator's contract with the sandbox (see docs/callconnect-api.md for its HTTP API).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatedAgent } from "./agents.js";
import type { OutageMode } from "./faults.js";

export interface CallConnectSimulatorOptions {
  db: import("better-sqlite3").Database;
  /** e.g. http://localhost:8080 — the simulator lives under `${publicUrl}/callconnect/`. */
  publicUrl: string;
  /** The API token the simulator accepts (Authorization: Bearer …). */
  apiToken: string;
  /** Where delivery failures are logged (default: pino at warn level). URLs are logged without their key. */
  logger?: import("pino").Logger;
  /** Waits between webhook attempts on 5xx/429/network errors (default [500, 2000, 5000]: four attempts). */
  webhookRetryDelaysMs?: number[];
  /** CallConnect's users until setAgents replaces them (default: yamada, Administrator, smith). */
  agents?: readonly SimulatedAgent[];
  /** How long the admin page's "slow" outage holds each API answer (default 10 s). */
  slowModeDelayMs?: number;
}

export interface SimulatedWebhookTarget {
  url: string; // e.g. http://localhost:8080/connector/webhooks/callconnect/1?key=…
  /** When set, deliveries also carry X-CallConnect-Signature: sha256=HMAC(body). */
  signingSecret?: string;
}

export interface CallConnectSimulator extends CallConnectSimulatorTestHooks {
  /** Serves `/callconnect/…`; false when the path is not the simulator's. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Where finished calls are reported (管理 > 連携 > Webhook); replaces the previous targets. */
  setWebhookTargets(targets: SimulatedWebhookTarget[]): void;
  /** Waits for in-flight webhook deliveries (tests, shutdown). */
  drainWebhooks(): Promise<void>;
  /** CallConnect's users: the web phone's `?user=` picks one by login or e-mail; replaces the previous list. */
  setAgents(agents: readonly SimulatedAgent[]): void;
  agents(): SimulatedAgent[];
  /** What the admin page's outage switch is set to ("normal" unless a user switched it). */
  outageMode(): OutageMode;
}

/** A failure the simulator plays on its customer API, for tests of clients that must survive them. */
export interface SimulatedFault {
  /** Only API paths starting with this (relative to `/callconnect/`, e.g. "api/v1/customers"); default all. */
  path?: string;
  /** Answer with this status and a JSON error; 429 also carries Retry-After. */
  status?: number;
  retryAfterSeconds?: number;
  /** Wait this long first; alone, the request then succeeds (a slow response). */
  delayMs?: number;
  /** Close the connection without answering. */
  drop?: boolean;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** Test hooks beyond the sandbox contract: injected faults and a count of API requests served. */
export interface CallConnectSimulatorTestHooks {
  /** Queues faults; each matching API request consumes the first matching one. */
  injectFaults(faults: SimulatedFault[]): void;
  clearFaults(): void;
  /** API requests received (faults included) since creation. */
  apiRequestCount(): number;
}
