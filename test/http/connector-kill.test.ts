// kill -9 at any moment loses nothing and duplicates nothing: `serve` in a child process, killed right after
// acknowledging a burst of call webhooks, then restarted on the same data directory.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../../src/connector/testing/harness";

let h: Harness;
let dataDir: string;
let port: number;
let child: ChildProcess | null = null;
const ADMIN = "kill-test-admin-secret-0123456789";

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "localhost", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

async function serve(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/connector/cli.ts", "serve"], {
    env: {
      ...process.env,
      CONNECTOR_PORT: String(port),
      CONNECTOR_PUBLIC_URL: `http://localhost:${port}/`,
      CONNECTOR_ADMIN_SECRET: ADMIN,
      CONNECTOR_ENCRYPTION_KEY: "kill-test-encryption-key-0123456789",
      CONNECTOR_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://localhost:${port}/health`).then((r) => r.ok, () => false);
    if (up) return proc;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("connector did not start");
}

beforeAll(async () => {
  h = await startHarness();
  dataDir = mkdtempSync(join(tmpdir(), "connector-kill-"));
  port = await freePort();
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("writes every acknowledged call exactly once across a SIGKILL and a restart", async () => {
  child = await serve();
  const put = await fetch(`http://localhost:${port}/api/apps/1/settings`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-Connector-Secret": ADMIN },
    body: JSON.stringify({
      settings: h.settings(),
      secrets: { callconnectToken: h.tokens.callconnect, customerApiToken: h.tokens.customer, historyApiToken: h.tokens.history },
      kintoneBaseUrl: h.kintoneUrl,
    }),
  });
  expect(put.status).toBe(200);
  const hook = ((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
  const bodies = Array.from({ length: 30 }, (_, i) =>
    new URLSearchParams({ "record[id]": `k-${i}`, "record[status]": "100", "record[number]": `03-5555-${String(1000 + i)}`, "contact[company]": `会社${i}` }).toString(),
  );
  const send = (b: string) => fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: b });
  const answers = await Promise.all(bodies.map(send));
  expect(answers.every((a) => a.status === 200)).toBe(true);
  child.kill("SIGKILL"); // whatever the worker was doing
  await new Promise((r) => child!.once("exit", r));

  child = await serve();
  // A replay after the restart must not write again either.
  expect((await Promise.all(bodies.slice(0, 5).map(send))).every((a) => a.status === 200)).toBe(true);
  let rows: { CallID?: { value: unknown } }[] = [];
  for (let i = 0; i < 100; i++) {
    rows = (await h.kintone.record.getRecords({ app: 2, query: 'CallID like "k-" limit 500' })).records;
    if (rows.length >= 30) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  rows = (await h.kintone.record.getRecords({ app: 2, query: 'CallID like "k-" limit 500' })).records;
  expect(rows.map((r) => r.CallID?.value).sort()).toEqual(bodies.map((_, i) => `k-${i}`).sort());
  const customers = (await h.kintone.record.getRecords({ app: 1, query: '会社名 like "会社" limit 500' })).records;
  expect(customers).toHaveLength(30);
}, 60_000);
