// `npm run connector -- serve | sync [--initial] [--reconcile] [--app N] | status [--tenant T] | register --app N --file F
//   | tenant add T [--kintone URL] | tenant rotate-secret T | tenant remove T --yes | tenant list`
// Settings come from the plugin's config screen (PUT …/settings); `register` reads the same JSON body from a file
// (kept outside the repository: it holds tokens) for running headless. A tenant's app is named T/N (acme/12).
import { createServer } from "node:http";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createConnector } from "./index";
import { createLogger } from "./logger";

function env(name: string, fallback?: string): string {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === "") throw new Error(`${name} is not set (docs/connector.md lists the connector's variables)`);
  return v;
}

/** CONNECTOR_ENCRYPTION_KEY, or CONNECTOR_ENCRYPTION_KEY_FILE naming a file outside the repository. */
function encryptionKey(): string {
  const file = process.env.CONNECTOR_ENCRYPTION_KEY_FILE;
  if (file) return readFileSync(file, "utf8").trim();
  const key = process.env.CONNECTOR_ENCRYPTION_KEY;
  if (!key) {
    throw new Error(
      "CONNECTOR_ENCRYPTION_KEY (or CONNECTOR_ENCRYPTION_KEY_FILE) is not set: it encrypts the stored tokens. " +
        "Create one once and keep it, e.g. export CONNECTOR_ENCRYPTION_KEY=$(openssl rand -hex 32)",
    );
  }
  return key;
}

const COMMANDS = ["serve", "sync", "status", "register", "tenant"];
const USAGE = "use serve, sync, status, register or tenant (add | rotate-secret | remove | list)";

/** CONNECTOR_DB_FILE names the SQLite file (the sandbox's own, say); else connector.db in CONNECTOR_DATA_DIR. */
function openDb(): Database.Database {
  const file = process.env.CONNECTOR_DB_FILE;
  const dir = resolve(env("CONNECTOR_DATA_DIR", ".connector-data"));
  if (!file) mkdirSync(dir, { recursive: true });
  const db = new Database(file ? resolve(file) : join(dir, "connector.db"), { fileMustExist: Boolean(file) });
  // WAL + full sync: a delivery acknowledged is on disk, whatever kills the process next.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return db;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      initial: { type: "boolean" },
      reconcile: { type: "boolean" },
      app: { type: "string" },
      lang: { type: "string" },
      file: { type: "string" },
      tenant: { type: "string" },
      kintone: { type: "string" },
      yes: { type: "boolean" },
    },
  });
  const command = positionals[0] ?? "serve";
  if (!COMMANDS.includes(command)) throw new Error(`unknown command "${command}": ${USAGE}`);
  const log = createLogger();
  const port = Number(process.env.CONNECTOR_PORT ?? 8787);
  // Loopback unless told otherwise: the connector is meant to sit behind a reverse proxy that terminates TLS.
  const host = process.env.CONNECTOR_HOST ?? "127.0.0.1";
  const publicUrl = process.env.CONNECTOR_PUBLIC_URL ?? `http://localhost:${port}/`;
  // Checked before anything is created on disk: a missing key must leave no empty database behind.
  const key = encryptionKey();
  // CONNECTOR_DATABASE_URL=postgres://… : state in PostgreSQL, shared by every instance; else the SQLite file.
  const databaseUrl = process.env.CONNECTOR_DATABASE_URL || undefined;
  const db = databaseUrl ? undefined : openDb();
  const serving = command === "serve";
  const connector = createConnector({
    db,
    databaseUrl,
    leaseMs: process.env.CONNECTOR_LEASE_MS ? Number(process.env.CONNECTOR_LEASE_MS) : undefined,
    kintoneConcurrency: process.env.CONNECTOR_KINTONE_CONCURRENCY ? Number(process.env.CONNECTOR_KINTONE_CONCURRENCY) : undefined,
    dailyRequestBudget: process.env.CONNECTOR_DAILY_REQUEST_BUDGET ? Number(process.env.CONNECTOR_DAILY_REQUEST_BUDGET) : undefined,
    publicUrl,
    adminSecret: serving ? env("CONNECTOR_ADMIN_SECRET") : (process.env.CONNECTOR_ADMIN_SECRET ?? ""),
    encryptionKey: key,
    logger: log,
    autoStart: serving,
    syncIntervalMs: process.env.CONNECTOR_SYNC_INTERVAL_MS ? Number(process.env.CONNECTOR_SYNC_INTERVAL_MS) : undefined,
  });

  if (serving) {
    const server = createServer((req, res) => {
      connector.handle(req, res).then(
        (mine) => {
          if (!mine) res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"not found"}');
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((ok) => server.listen(port, host, ok));
    log.info({ host, port, publicUrl: publicUrl.replace(/\?.*$/, "") }, "connector listening");
    const stop = () => {
      server.close();
      void connector.close().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return;
  }

  const lang = values.lang === "en" ? "en" : "ja";
  if (command === "tenant") {
    const [, action, id = ""] = positionals;
    if (action === "list") process.stdout.write(`${JSON.stringify(await connector.tenants(), null, 2)}\n`);
    else if (action === "remove") {
      if (!id || !values.yes)
        throw new Error(
          `tenant remove ${id || "ID"} --yes: removes the tenant, its apps' registrations, queued work and state for good ` +
            "(kintone and CallConnect keep their records); --yes says you mean it",
        );
      await connector.removeTenant(id);
      process.stdout.write(`${JSON.stringify({ removed: id })}\n`);
    } else if (action === "add" || action === "rotate-secret") {
      if (!id) throw new Error(`tenant ${action} needs the tenant's id, e.g. tenant ${action} acme`);
      const made = action === "add" ? await connector.addTenant(id, { kintone: values.kintone }) : await connector.rotateTenantSecret(id);
      process.stdout.write(`${JSON.stringify(made, null, 2)}\n`);
      process.stderr.write(
        `Give the tenant's kintone administrator these two, the secret shown only now: in the plugin's settings, ` +
          `コネクタのURL / Connector URL ${made.connectorUrl} and コネクタの共有シークレット / Connector shared secret.\n`,
      );
    } else
      throw new Error(
        `unknown tenant command "${action ?? ""}": use tenant add ID [--kintone URL], tenant rotate-secret ID, tenant remove ID --yes or tenant list`,
      );
  } else if (command === "status") {
    const all = (await connector.status(lang, values.tenant)).filter((s) => !values.app || s.app === values.app);
    if (all.length === 0)
      process.stderr.write(
        values.app
          ? `app ${values.app} is not registered with this connector (a tenant's app is named tenant/app, e.g. acme/12)\n`
          : "no app is registered with this connector yet: save the plugin's settings with its URL, or run register --app N --file F\n",
      );
    process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  } else if (command === "register") {
    if (!values.app || !values.file) throw new Error("register needs --app N --file settings.json ({settings, secrets, kintoneBaseUrl})");
    const hooks = await connector.register(values.app, JSON.parse(readFileSync(values.file, "utf8")) as unknown);
    process.stdout.write(`${JSON.stringify({ app: values.app, webhooks: hooks }, null, 2)}\n`);
  } else if (command === "sync") {
    const apps = (await connector.status(lang)).map((s) => s.app).filter((a) => !values.app || a === values.app);
    if (apps.length === 0)
      throw new Error(values.app ? `app ${values.app} is not registered` : "no app is registered yet: save the plugin settings first");
    for (const app of apps) {
      const runs = await connector.sync(app, { initial: values.initial === true, ...(values.reconcile ? { reconcile: true } : {}) });
      process.stdout.write(`${JSON.stringify(runs)}\n`);
    }
    await connector.runOnce();
    process.stdout.write(
      `${JSON.stringify((await connector.status(lang)).map(({ app, pending, failed, done }) => ({ app, pending, failed, done })))}\n`,
    );
  } else {
    throw new Error(`unknown command "${command}": ${USAGE}`);
  }
  await connector.close();
  db?.close();
}

main().then(
  // One-shot commands end here rather than when idle keep-alive sockets time out.
  () => {
    if (process.argv[2] !== "serve" && process.argv.length > 2) process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
