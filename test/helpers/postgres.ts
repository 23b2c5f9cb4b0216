// PostgreSQL for the connector's tests: CONNECTOR_TEST_DATABASE_URL when CI (.ci/run) started a server, else a
// throwaway cluster of Debian's postgresql packages started on loopback for this test process and stopped at its
// exit. Each caller gets a database of its own.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

function bin(name: string): string {
  for (const dir of BIN_DIRS) if (existsSync(join(dir, name))) return join(dir, name);
  return name; // on the PATH, or the error below says what is missing
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

const servers = new Map<boolean, Promise<string>>();

/** initdb refuses root: as root the cluster belongs to the `postgres` user Debian's package creates. */
function asOwner(cmd: string, args: string[]): { cmd: string; args: string[] } {
  return process.getuid?.() === 0 ? { cmd: "runuser", args: ["-u", "postgres", "--", cmd, ...args] } : { cmd, args };
}

/** `durable`: fsync and synchronous commit as in production (the bench); tests go without. */
async function startCluster(durable: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "connector-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const port = await freePort();
  const run = (cmd: string, args: string[]) => {
    const c = asOwner(cmd, args);
    execFileSync(c.cmd, c.args, { stdio: ["ignore", "ignore", "pipe"] });
  };
  try {
    run(bin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    run(bin("pg_ctl"), [
      "start",
      "-w",
      "-D",
      data,
      "-l",
      join(dir, "log"),
      "-o",
      `-k ${dir} -h 127.0.0.1 -p ${port} -c max_connections=200${durable ? "" : " -c fsync=off -c synchronous_commit=off"}`,
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL could not be started for the tests (${err instanceof Error ? err.message.split("\n")[0] : String(err)}): ` +
        "install Debian's postgresql package, or set CONNECTOR_TEST_DATABASE_URL to a server the tests may create databases on",
    );
  }
  // Stopped when this process ends, however it ends (vitest may end its workers without an exit event): a detached
  // watcher waits for this pid to go away.
  const stop = asOwner(bin("pg_ctl"), ["stop", "-m", "immediate", "-D", data]);
  const watcher = spawn(
    "sh",
    [
      "-c",
      'while kill -0 "$0" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$DIR"',
      String(process.pid),
      stop.cmd,
      ...stop.args,
    ],
    { detached: true, stdio: "ignore", env: { ...process.env, DIR: dir } },
  );
  watcher.unref();
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** The server to create test databases on. */
export function testServerUrl(options: { durable?: boolean } = {}): Promise<string> {
  const given = process.env.CONNECTOR_TEST_DATABASE_URL;
  if (given) return Promise.resolve(given);
  const durable = options.durable ?? false;
  let url = servers.get(durable);
  if (!url) servers.set(durable, (url = startCluster(durable)));
  return url;
}

/** A new, empty database; `drop` removes it (connections to it must be closed first). */
export async function freshDatabase(options: { durable?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const base = await testServerUrl(options);
  const name = `conn_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
