// For the connector's HTTP tests and bench: the kintone emulator on its own port (so it can go down and come
// back), the CallConnect simulator and the connector on another, each db in a temp dir, apps as in the seed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { createKintoneEmulator } from "../../src/sandbox/kintone-emulator/index";
import type { KintoneEmulator, KintoneEmulatorOptions } from "../../src/sandbox/kintone-emulator/types";
import { createCallConnectSimulator } from "../../src/sandbox/callconnect-simulator/index";
import type { CallConnectSimulator } from "../../src/sandbox/callconnect-simulator/types";
import { customerApp, historyApp } from "../../src/sandbox/seed/apps";
import { seededSettings } from "../../src/sandbox/seed/plugin";
import type { Settings } from "../../src/shared/settings";
import { createConnector } from "../../src/connector/index";
import type { Connector, ConnectorOptions } from "../../src/connector/types";
import { freshDatabase } from "../helpers/postgres";
import { ADMINISTRATOR } from "../helpers/emulator";

/** The stores the connector's HTTP suites run against. */
export const STORES = ["sqlite", "postgres"] as const;
export type StoreKind = (typeof STORES)[number];

export interface Harness {
  kintoneUrl: string;
  /** Base of the simulator and the connector, e.g. http://localhost:1234 */
  url: string;
  connectorUrl: string;
  emulator: KintoneEmulator;
  simulator: CallConnectSimulator;
  connector: Connector;
  /** Stops the connector and starts a new one on the same database (what a deploy or a crash-restart does). */
  restartConnector(): Promise<void>;
  /** The connector's own SQLite file, for tests that look at its queue (unused by a PostgreSQL harness). */
  connectorDb: Database.Database;
  /** Which store the connector runs on; `databaseUrl` when PostgreSQL. */
  store: StoreKind;
  databaseUrl: string | null;
  adminSecret: string;
  tokens: { customer: string; history: string; callconnect: string };
  /** Reads and writes as the kintone administrator (assertions, test data). */
  kintone: KintoneRestAPIClient;
  settings(): Settings;
  register(settings?: Settings): Promise<{ status: number; webhooks: { callconnect: string; kintone: string } }>;
  /** The body the config screen sends to register app 1: settings, this harness's tokens (or `kintone`'s) and kintone's URL. */
  registration(kintone?: { url: string; tokens: { customer: string; history: string } }): Record<string, unknown>;
  /** PUTs a registration of app 1 to `{base}api/apps/1/settings` (a connector process, a tenant's URL) with `secret`. */
  registerAt(base: string, secret: string, body?: Record<string, unknown>): Promise<Response>;
  /** Counts of requests served, by piece. */
  requests: {
    kintone: number;
    callconnect: number;
    byRoute: Record<string, number>;
    /** kintone requests made with an API token (the connector's, not the test's) in flight now, and the most at once. */
    connectorInFlight: number;
    connectorMaxInFlight: number;
  };
  kintoneDown(): Promise<void>;
  /** The next `times` kintone requests are answered with this error instead (429 GAIA_TO04, 503…). */
  failKintone(times: number, status: number, code: string): void;
  kintoneUp(): Promise<void>;
  /** Every kintone request waits this long before it is answered (0 = at once). */
  slowKintone(ms: number): void;
  close(): Promise<void>;
}

const ALL = { view: true, add: true, edit: true, delete: true };

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "localhost", () => ok((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((ok) => server.close(() => ok()));
}

/** Another kintone (another domain: its own port) with the seed's apps 1 and 2, for a connector serving several tenants. */
export async function startExtraKintone(): Promise<{
  url: string;
  tokens: { customer: string; history: string };
  kintone: KintoneRestAPIClient;
  close(): Promise<void>;
}> {
  const db = new Database(":memory:");
  let emulator: KintoneEmulator | null = null;
  const server = createServer((req, res) => void emulator!.handle(req, res).then((mine) => mine || void res.writeHead(404).end()));
  const url = `http://localhost:${await listen(server)}`;
  emulator = createKintoneEmulator({ db, publicUrl: url });
  emulator.users.add({ ...ADMINISTRATOR, email: "admin@example.com" });
  emulator.apps.create(customerApp());
  emulator.apps.create(historyApp());
  const tokens = { customer: emulator.tokens.create(1, ALL), history: emulator.tokens.create(2, { ...ALL, delete: false }) };
  return {
    url,
    tokens,
    kintone: new KintoneRestAPIClient({ baseUrl: url, auth: { username: ADMINISTRATOR.code, password: ADMINISTRATOR.password } }),
    async close() {
      await emulator.drainWebhooks();
      await close(server);
      db.close();
    },
  };
}

export async function startHarness(
  options: Partial<Omit<ConnectorOptions, "db" | "publicUrl" | "adminSecret" | "encryptionKey">> & { store?: StoreKind } = {},
  /** The emulated kintone's own switches (time precision, clock). */
  emulatorOptions: Partial<Omit<KintoneEmulatorOptions, "db" | "publicUrl">> = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "connector-harness-"));
  const kdb = new Database(join(dir, "kintone.db"));
  const sdb = new Database(join(dir, "sandbox.db"));
  const cdb = new Database(join(dir, "connector.db"));
  for (const db of [kdb, sdb, cdb]) db.pragma("journal_mode = WAL");
  const requests = { kintone: 0, callconnect: 0, byRoute: {} as Record<string, number>, connectorInFlight: 0, connectorMaxInFlight: 0 };
  const { store: storeKind = "sqlite", ...connectorOptions } = options;
  const pgDb = storeKind === "postgres" ? await freshDatabase() : null;

  let emulator: KintoneEmulator | null = null;
  const kFaults: { status: number; code: string }[] = [];
  let kDelayMs = 0;
  const kHandler = (req: IncomingMessage, res: ServerResponse) => {
    requests.kintone++;
    if (req.headers["x-cybozu-api-token"]) {
      requests.connectorMaxInFlight = Math.max(requests.connectorMaxInFlight, ++requests.connectorInFlight);
      res.once("close", () => requests.connectorInFlight--);
    }
    // rest-api-client sends long reads as POST with X-HTTP-Method-Override: GET; count them as the reads they are.
    const method = (req.headers["x-http-method-override"] as string | undefined) ?? req.method;
    const route = `${method} ${(req.url ?? "").split("?")[0]}`;
    requests.byRoute[route] = (requests.byRoute[route] ?? 0) + 1;
    const fault = kFaults.shift();
    if (fault) {
      req.resume();
      res
        .writeHead(fault.status, { "Content-Type": "application/json" })
        .end(JSON.stringify({ code: fault.code, id: "fault", message: "injected" }));
      return;
    }
    const answer = () => void emulator!.handle(req, res).then((mine) => mine || void res.writeHead(404).end());
    if (kDelayMs > 0) setTimeout(answer, kDelayMs);
    else answer();
  };
  let kServer = createServer(kHandler);
  const kPort = await listen(kServer);
  const kintoneUrl = `http://localhost:${kPort}`;
  emulator = createKintoneEmulator({ ...emulatorOptions, db: kdb, publicUrl: kintoneUrl });

  let pieces: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> }[] = [];
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/callconnect/api/")) requests.callconnect++;
    void (async () => {
      for (const p of pieces) if (await p.handle(req, res)) return;
      res.writeHead(404).end();
    })();
  });
  const url = `http://localhost:${await listen(server)}`;
  const tokens = { customer: "", history: "", callconnect: "cc-test-token-0123456789" };
  const quiet = pino({ level: "silent" });
  const simulator = createCallConnectSimulator({
    db: sdb,
    publicUrl: url,
    apiToken: tokens.callconnect,
    logger: quiet,
    webhookRetryDelaysMs: [50, 100],
  });
  const adminSecret = "harness-admin-secret-0123456789";
  const makeConnector = () =>
    createConnector({
      ...(pgDb ? { databaseUrl: pgDb.url } : { db: cdb }),
      publicUrl: `${url}/connector/`,
      adminSecret,
      encryptionKey: "harness-encryption-key-0123456789",
      logger: quiet,
      autoStart: false,
      retry: { baseMs: 20, maxMs: 200, maxAttempts: 8 },
      ...connectorOptions,
    });
  let connector = makeConnector();
  pieces = [simulator, connector];

  for (const user of [
    { code: "Administrator", name: "Administrator", email: "admin@example.com", isAdmin: true },
    { code: "yamada", name: "山田 花子", email: "yamada@example.com", isAdmin: false },
  ])
    emulator.users.add({ ...user, language: "ja", timezone: "Asia/Tokyo", password: "sandbox" });
  emulator.apps.create(customerApp());
  emulator.apps.create(historyApp());
  tokens.customer = emulator.tokens.create(1, ALL);
  tokens.history = emulator.tokens.create(2, { ...ALL, delete: false });

  const settings = () => seededSettings(url);
  const harness: Harness = {
    kintoneUrl,
    url,
    connectorUrl: `${url}/connector/`,
    emulator,
    simulator,
    get connector() {
      return connector;
    },
    async restartConnector() {
      // A restart as a deploy does it: stop, then a new process on the same database picks up what is left.
      await connector.close();
      connector = makeConnector();
      pieces = [simulator, connector];
    },
    connectorDb: cdb,
    store: storeKind,
    databaseUrl: pgDb?.url ?? null,
    adminSecret,
    tokens,
    kintone: new KintoneRestAPIClient({ baseUrl: kintoneUrl, auth: { username: "Administrator", password: "sandbox" } }),
    settings,
    requests,
    registration(kintone = { url: kintoneUrl, tokens }) {
      return {
        settings: settings(),
        secrets: {
          callconnectToken: tokens.callconnect,
          customerApiToken: kintone.tokens.customer,
          historyApiToken: kintone.tokens.history,
          basicAuthUser: "",
          basicAuthPassword: "",
        },
        kintoneBaseUrl: kintone.url,
      };
    },
    registerAt(base, secret, body = harness.registration()) {
      return fetch(`${base}api/apps/1/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Connector-Secret": secret },
        body: JSON.stringify(body),
      });
    },
    async register(s = settings()) {
      const resp = await harness.registerAt(`${url}/connector/`, adminSecret, { ...harness.registration(), settings: s });
      const body = (await resp.json()) as { webhooks: { callconnect: string; kintone: string } };
      return { status: resp.status, webhooks: body.webhooks };
    },
    async kintoneDown() {
      await close(kServer);
    },
    failKintone(times, status, code) {
      for (let i = 0; i < times; i++) kFaults.push({ status, code });
    },
    slowKintone(ms) {
      kDelayMs = ms;
    },
    async kintoneUp() {
      kServer = createServer(kHandler);
      await listen(kServer, kPort);
    },
    async close() {
      await connector.close();
      await Promise.allSettled([emulator.drainWebhooks(), simulator.drainWebhooks()]);
      await Promise.all([close(server), kServer.listening ? close(kServer) : Promise.resolve()]);
      for (const db of [kdb, sdb, cdb]) db.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
