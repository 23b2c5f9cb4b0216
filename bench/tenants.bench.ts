// Many tenants (issue #14): a burst of call webhooks over TENANTS connector tenants, each on a kintone domain of its
// own (one emulator answering on a port per tenant) and registered under t/{tenant}/ with its own secret, written by
// connector processes on SQLite (1) and on PostgreSQL (1 and 3). Prints kintone requests per tenant, the most concurrent requests any domain saw, p50/p99
// webhook → record and the throughput ratio of 3 instances to 1. BENCH_TENANTS / BENCH_CALLS override the size.
import type { ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import Database from "better-sqlite3";
import pino from "pino";
import { createKintoneEmulator } from "../src/sandbox/kintone-emulator/index";
import { createCallConnectSimulator } from "../src/sandbox/callconnect-simulator/index";
import { customerApp, historyApp } from "../src/sandbox/seed/apps";
import { seededSettings } from "../src/sandbox/seed/plugin";
import { freshDatabase } from "../test/helpers/postgres";
import { freePort, serveConnector } from "../test/helpers/connector-process";
import { createConnector } from "../src/connector/index";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 200);
const CALLS_PER_TENANT = Number(process.env.BENCH_CALLS ?? 100);
const SENDERS = 50;
const ADMIN = "tenants-bench-admin-secret-0123456789";
const CC_TOKEN = "cc-bench-token-0123456789";
const ALL = { view: true, add: true, edit: true, delete: true };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function listen(server: Server, host: string, port = 0): Promise<number> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok((server.address() as { port: number }).port));
  });
}

interface World {
  /** The kintone domain of tenant t is localhost:{ports[t + 1]}. */
  ports: number[];
  ccUrl: string;
  tokens: { customer: string; history: string }[];
  /** call id → when kintone answered the write holding it. */
  writtenAt: Map<string, number>;
  perDomain: Map<string, { requests: number; inFlight: number; max: number }>;
  close(): Promise<void>;
}

async function world(): Promise<World> {
  const kdb = new Database(":memory:");
  const sdb = new Database(":memory:");
  const writtenAt = new Map<string, number>();
  const perDomain = new Map<string, { requests: number; inFlight: number; max: number }>();
  // Placeholder: the emulator is created once the port is known.
  let emulator: ReturnType<typeof createKintoneEmulator> | null = null;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? "";
    const token = Boolean(req.headers["x-cybozu-api-token"]);
    if (token) {
      const d = perDomain.get(host) ?? { requests: 0, inFlight: 0, max: 0 };
      perDomain.set(host, d);
      d.requests++;
      d.max = Math.max(d.max, ++d.inFlight);
      res.once("close", () => d.inFlight--);
    }
    const path = (req.url ?? "").split("?")[0];
    if (token && path === "/k/v1/records.json" && req.method === "POST" && !req.headers["x-http-method-override"]) {
      // Buffer the body to see which calls this write holds, then hand the emulator the same bytes.
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        const copy = Object.assign(Readable.from([body]), { method: req.method, url: req.url, headers: req.headers, socket: req.socket });
        res.once("finish", () => {
          if (res.statusCode !== 200) return;
          try {
            const parsed = JSON.parse(body.toString("utf8")) as { records?: Record<string, { value?: unknown }>[] };
            for (const r of parsed.records ?? []) if (r.CallID?.value) writtenAt.set(String(r.CallID.value), performance.now());
          } catch {
            // not a history write
          }
        });
        void emulator!.handle(copy as unknown as IncomingMessage, res).then((mine) => mine || void res.writeHead(404).end());
      });
      return;
    }
    void emulator!.handle(req, res).then((mine) => mine || void res.writeHead(404).end());
  };
  // rest-api-client speaks plain http only to "localhost": each tenant's domain is a port of its own.
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let t = 0; t <= TENANTS; t++) {
    const s = createServer(handler);
    servers.push(s);
    ports.push(await listen(s, "localhost"));
  }
  emulator = createKintoneEmulator({ db: kdb, publicUrl: `http://localhost:${ports[0]}` });
  emulator.users.add({
    code: "Administrator",
    name: "Administrator",
    email: "admin@example.com",
    isAdmin: true,
    language: "ja",
    timezone: "Asia/Tokyo",
    password: "sandbox",
  });
  const tokens: World["tokens"] = [];
  for (let t = 0; t < TENANTS; t++) {
    const c = emulator.apps.create({ ...customerApp(), id: 2 * t + 1 });
    const h = emulator.apps.create({ ...historyApp(), id: 2 * t + 2 });
    if (c !== 2 * t + 1 || h !== 2 * t + 2) throw new Error(`unexpected app ids ${c}, ${h}`);
    tokens.push({ customer: emulator.tokens.create(c, ALL), history: emulator.tokens.create(h, { ...ALL, delete: false }) });
  }
  const ccServer = createServer();
  const ccPort = await listen(ccServer, "127.0.0.1");
  const ccUrl = `http://127.0.0.1:${ccPort}`;
  const simulator = createCallConnectSimulator({ db: sdb, publicUrl: ccUrl, apiToken: CC_TOKEN, logger: pino({ level: "silent" }) });
  ccServer.on("request", (req, res) => void simulator.handle(req, res).then((mine) => mine || void res.writeHead(404).end()));
  return {
    ports,
    ccUrl,
    tokens,
    writtenAt,
    perDomain,
    async close() {
      for (const s of [...servers, ccServer]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      kdb.close();
      sdb.close();
    },
  };
}

const ENCRYPTION_KEY = "tenants-bench-encryption-key-0123456789";

/** The tenants, made as a provider does (`connector tenant add`), on the database the processes will share: their secrets. */
async function addTenants(where: { databaseUrl: string } | { dir: string }): Promise<string[]> {
  const db = "dir" in where ? new Database(join(where.dir, "connector.db")) : undefined;
  db?.pragma("journal_mode = WAL");
  const connector = createConnector({
    ...("dir" in where ? { db } : { databaseUrl: where.databaseUrl }),
    publicUrl: "http://localhost/",
    adminSecret: ADMIN,
    encryptionKey: ENCRYPTION_KEY,
    logger: pino({ level: "silent" }),
    autoStart: false,
  });
  try {
    const secrets: string[] = [];
    for (let t = 0; t < TENANTS; t++) secrets.push((await connector.addTenant(`t${t}`)).secret);
    return secrets;
  } finally {
    await connector.close();
    db?.close();
  }
}

async function serve(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const served = await serveConnector(
    {
      CONNECTOR_ADMIN_SECRET: ADMIN,
      CONNECTOR_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
      ...env,
    },
    port,
  );
  return served.proc;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; 0 where it cannot be read). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL server process running now. */
function postgresCpu(): number {
  let sum = 0;
  for (const d of readdirSync("/proc"))
    if (/^\d+$/.test(d))
      try {
        if (readFileSync(`/proc/${d}/comm`, "utf8").trim() === "postgres") sum += cpuOf(Number(d));
      } catch {
        // gone meanwhile
      }
  return sum;
}

/** Where the CPU went: this process (senders, emulated kintone, simulator), the connectors, PostgreSQL. */
function cpuNow(procs: ChildProcess[]) {
  const own = process.cpuUsage();
  return { bench: (own.user + own.system) / 1e6, connectors: procs.reduce((n, p) => n + cpuOf(p.pid ?? 0), 0), postgres: postgresCpu() };
}

async function scenario(label: string, store: "sqlite" | "postgres", count: number): Promise<{ label: string; callsPerSecond: number }> {
  const w = await world();
  const dir = mkdtempSync(join(tmpdir(), "tenants-bench-"));
  // fsync on, like SQLite's synchronous=FULL: an acknowledged webhook is on disk in both.
  const pg = store === "postgres" ? await freshDatabase({ durable: true }) : null;
  const env: Record<string, string> = pg ? { CONNECTOR_DATABASE_URL: pg.url } : { CONNECTOR_DATA_DIR: dir };
  const ports = await Promise.all(Array.from({ length: count }, freePort));
  const procs: ChildProcess[] = [];
  try {
    const secrets = await addTenants(pg ? { databaseUrl: pg.url } : { dir });
    for (const port of ports) procs.push(await serve(port, env));
    const hooks: string[] = [];
    for (let t = 0; t < TENANTS; t++) {
      const settings = seededSettings(w.ccUrl);
      settings.history.appId = String(2 * t + 2);
      settings.customer.createUnknownCallers = false;
      const put = await fetch(`http://localhost:${ports[0]}/t/t${t}/api/apps/${2 * t + 1}/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Connector-Secret": secrets[t]! },
        body: JSON.stringify({
          settings,
          secrets: { callconnectToken: CC_TOKEN, customerApiToken: w.tokens[t]!.customer, historyApiToken: w.tokens[t]!.history },
          kintoneBaseUrl: `http://localhost:${w.ports[t + 1]}`,
        }),
      });
      if (put.status !== 200) throw new Error(`registration refused: ${await put.text()}`);
      const hook = new URL(((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect);
      hooks.push(hook.pathname + hook.search);
    }
    // The first syncs the registrations started (empty customer apps) are over before the burst.
    await sleep(Math.max(1_500, TENANTS * 15));
    w.perDomain.clear();
    const total = TENANTS * CALLS_PER_TENANT;
    const sentAt = new Map<string, number>();
    let next = 0;
    const cpu0 = cpuNow(procs);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let i = next++; i < total; i = next++) {
          const t = i % TENANTS;
          const id = `t${t}-c${Math.floor(i / TENANTS)}`;
          const body = new URLSearchParams({
            "record[id]": id,
            "record[status]": "100",
            "record[number]": `03-8${String(t).padStart(3, "0")}-${String(1000 + (i % 50))}`,
          });
          sentAt.set(id, performance.now());
          const r = await fetch(`http://localhost:${ports[i % ports.length]}${hooks[t]}`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: body.toString(),
          });
          if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
        }
      }),
    );
    const acked = performance.now() - t0;
    const deadline = performance.now() + Number(process.env.BENCH_WAIT_MS ?? 240_000);
    while (w.writtenAt.size < total && performance.now() < deadline) await sleep(100);
    const done = Math.max(...w.writtenAt.values()) - t0;
    const cpu1 = cpuNow(procs);
    const used = (k: keyof typeof cpu0) => (cpu1[k] - cpu0[k]).toFixed(0);
    const latencies = [...sentAt].filter(([id]) => w.writtenAt.has(id)).map(([id, at]) => w.writtenAt.get(id)! - at);
    const requests = [...w.perDomain.values()].map((d) => d.requests);
    const callsPerSecond = (w.writtenAt.size / done) * 1000;
    console.log(
      `${label}: ${w.writtenAt.size}/${total} calls written in ${(done / 1000).toFixed(1)} s (${callsPerSecond.toFixed(0)} calls/s; all acknowledged after ${(acked / 1000).toFixed(1)} s); ` +
        `webhook → record p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms; ` +
        `kintone requests per tenant min ${Math.min(...requests)} / mean ${(requests.reduce((a, b) => a + b, 0) / requests.length).toFixed(1)} / max ${Math.max(...requests)}; ` +
        `most concurrent requests on one domain ${Math.max(...[...w.perDomain.values()].map((d) => d.max))}; ` +
        `CPU s during the burst: bench (senders, emulated kintone) ${used("bench")}, connectors ${used("connectors")}, PostgreSQL ${used("postgres")}`,
    );
    return { label, callsPerSecond };
  } finally {
    for (const p of procs) p.kill("SIGKILL");
    await sleep(200);
    await w.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log(`${TENANTS} tenants × ${CALLS_PER_TENANT} calls, ${SENDERS} concurrent senders, round robin over the instances`);
  await scenario("SQLite, 1 instance", "sqlite", 1);
  const one = await scenario("PostgreSQL, 1 instance", "postgres", 1);
  const three = await scenario("PostgreSQL, 3 instances", "postgres", 3);
  console.log(`throughput 3 instances : 1 = ${(three.callsPerSecond / one.callsPerSecond).toFixed(2)}`);
}
