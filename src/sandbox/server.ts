// The sandbox: one HTTP server and one SQLite file shared by the kintone emulator, the CallConnect simulator,
// the connector and the kintone-like pages (see docs/architecture.md).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
import { createKintoneEmulator } from "./kintone-emulator/index";
import { createCallConnectSimulator } from "./callconnect-simulator/index";
import { createConnector } from "../connector/index";
import { REDACT_PATHS } from "../connector/logger";
import type { Connector } from "../connector/types";
import type { KintoneEmulator } from "./kintone-emulator/types";
import type { CallConnectSimulator } from "./callconnect-simulator/types";
import { pluginSource } from "./plugin-files";
import { importedPluginSource } from "./plugin-registry";
import { createPluginAdminPage } from "./pages/plugin-admin-page";
import { createPluginStore } from "./pages/plugin-store";
import { createPages } from "./pages/index";
import { createConnectorPage } from "./pages/connector-page";
import { createMeta } from "./seed/meta";
import { joinConnector, seedSandbox, seedUsers } from "./seed/index";
import { SEED_USERS } from "./seed/users";

export interface SandboxOptions {
  /** 0 = any free port (tests); default $PORT or 8080. */
  port?: number;
  /** Default ./.sandbox-data */
  dataDir?: string;
  /** Start clean: deletes the db first. */
  reset?: boolean;
  /** No banner, no logs (tests). */
  quiet?: boolean;
  withConnector?: boolean;
  /** Default dist/plugin.zip (what `npm run build` writes). */
  pluginZipPath?: string;
}

export interface Sandbox {
  url: string;
  port: number;
  /** "" when the plugin has not been built. */
  pluginId: string;
  db: Database;
  /** The connector's admin secret (typed into the config screen). */
  connectorSecret: string;
  /** The pieces, for tests that drive them directly (e.g. drainWebhooks, runOnce). */
  emulator: KintoneEmulator;
  simulator: CallConnectSimulator;
  connector: Connector | null;
  /** Stops the connector and starts a new one on the same database, as a deploy or a crash-restart does (tests). */
  restartConnector(): Promise<void>;
  close(): Promise<void>;
}

const DB_FILE = "sandbox.db";

function openDb(dataDir: string, reset: boolean): Database {
  mkdirSync(dataDir, { recursive: true });
  if (reset) for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dataDir, DB_FILE + suffix), { force: true });
  const db = new BetterSqlite3(join(dataDir, DB_FILE));
  db.pragma("journal_mode = WAL");
  return db;
}

/**
 * For `npm run connector -- status|sync` against this sandbox's own connector: `set -a; . .sandbox-data/connector.env;
 * set +a`. Only the owner may read it (it holds the sandbox's generated key); it is never printed.
 */
function writeConnectorEnv(dataDir: string, key: string, adminSecret: string, publicUrl: string): void {
  const lines = [
    `CONNECTOR_DB_FILE=${join(dataDir, DB_FILE)}`,
    `CONNECTOR_ENCRYPTION_KEY=${key}`,
    `CONNECTOR_ADMIN_SECRET=${adminSecret}`,
    `CONNECTOR_PUBLIC_URL=${publicUrl}`,
  ];
  writeFileSync(join(dataDir, "connector.env"), `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** `npm start`'s log: one readable line per entry (time, level, message, then its details), secrets redacted. */
export function sandboxLogger(options: { quiet?: boolean; destination?: NodeJS.WritableStream; colorize?: boolean } = {}): Logger {
  if (options.quiet) return pino({ level: "silent" });
  const stream = pretty({
    destination: options.destination ?? process.stdout,
    colorize: options.colorize ?? Boolean(process.stdout.isTTY),
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname",
    sync: true,
  });
  return pino({ level: process.env.LOG_LEVEL ?? "info", redact: { paths: REDACT_PATHS, censor: "[secret]" } }, stream);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const logger = sandboxLogger({ quiet: options.quiet });
  const dataDir = resolve(options.dataDir ?? ".sandbox-data");
  const db = openDb(dataDir, options.reset ?? false);
  const meta = createMeta(db);
  const secrets = meta.secrets();
  // The build output sits at the repo root whatever the working directory is.
  const dist = await pluginSource(resolve(options.pluginZipPath ?? fileURLToPath(new URL("../../dist/plugin.zip", import.meta.url))));
  if (!dist.current()) logger.warn("dist/plugin.zip is missing: run npm run build");

  let handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => void res.writeHead(503).end();
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url?.split("?")[0] }, "request failed"); // a query may hold a stream ticket or a webhook key
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal Server Error");
    });
  });
  const port = await new Promise<number>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? Number(process.env.PORT ?? 8080), "127.0.0.1", () => ok((server.address() as AddressInfo).port));
  });
  const url = `http://localhost:${port}`;

  const emulator = createKintoneEmulator({ db, publicUrl: url });
  // The pages load the plugin as imported into the emulator: the build, or what cli-kintone uploaded since.
  const source = await importedPluginSource(emulator, dist);
  const plugin = source.current();
  const simulator = createCallConnectSimulator({ db, publicUrl: url, apiToken: secrets.callconnectToken });
  const makeConnector = () =>
    createConnector({
      db,
      publicUrl: `${url}/connector/`,
      adminSecret: secrets.connectorSecret,
      encryptionKey: secrets.connectorEncryptionKey,
      logger,
    });
  let connector: Connector | null = (options.withConnector ?? true) ? makeConnector() : null;
  if (connector) writeConnectorEnv(dataDir, secrets.connectorEncryptionKey, secrets.connectorSecret, `${url}/connector/`);
  const store = createPluginStore(db);
  const signInHints = SEED_USERS.map((u) => ({ code: u.code, password: u.password, name: u.name, role: u.role }));
  const tools = { connector: connector !== null };
  const pages = await createPages({ emulator, store, plugin: source, publicUrl: url, logger, signInHints, tools });
  const connectorPage = createConnectorPage({ emulator, connector });
  // The page answers GET /connector/ before the connector, which keeps every other path below it.
  const pluginAdmin = createPluginAdminPage({ emulator, plugin: source });
  const pieces: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> }[] = [
    emulator,
    simulator,
    connectorPage,
    ...(connector ? [connector] : []),
    pluginAdmin,
    pages,
  ];
  handler = async (req, res) => {
    for (const piece of pieces) if (await piece.handle(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found");
  };

  const lastOrigin = meta.get("origin");
  if (lastOrigin && lastOrigin !== url) store.moveOrigin(lastOrigin, url);
  meta.set("origin", url);
  const ctx = { url, emulator, simulator, store, pluginId: plugin?.id ?? "", secrets, withConnector: connector !== null, logger };
  seedUsers(ctx);
  if (meta.get("seeded") === null) {
    await seedSandbox(ctx);
    meta.set("seeded", new Date().toISOString());
  }
  if (connector) await joinConnector(ctx);

  let closed = false;
  return {
    url,
    port,
    pluginId: plugin?.id ?? "",
    db,
    connectorSecret: secrets.connectorSecret,
    emulator,
    simulator,
    get connector() {
      return connector;
    },
    async restartConnector() {
      if (!connector) return;
      const old = connector;
      await old.close();
      connector = makeConnector();
      pieces[pieces.indexOf(old)] = connector;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Deliveries in flight go to our own server, so let them land (briefly) before it stops; then the
      // connector stops its loops while kintone is still reachable; the db closes last.
      const drained = Promise.allSettled([emulator.drainWebhooks(), simulator.drainWebhooks()]);
      await Promise.race([drained, new Promise((ok) => setTimeout(ok, 5_000).unref())]);
      await connector?.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
