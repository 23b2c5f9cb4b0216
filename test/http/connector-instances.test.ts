// Three connector processes on one PostgreSQL share a burst of 1,000 call webhooks; two are killed with SIGKILL
// while it is being written. Every call must reach the history app exactly once and every unknown caller must be
// created once: the dead instances' claimed items come back when their leases run out.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";
import { freshDatabase } from "../helpers/postgres";
import { freePort, killed, serveConnector } from "../helpers/connector-process";

const ADMIN = "instances-test-admin-secret-0123456789";
const CALLS = 1_000;
const NUMBERS = 200;
/** Below the three instances' own limits together (each would allow 8 call batches at once). */
const KINTONE_CONCURRENCY = 3;

let h: Harness;
let db: { url: string; drop(): Promise<void> };
const instances: { port: number; proc: ChildProcess; alive: boolean; log: string[] }[] = [];

async function serve(port: number): Promise<(typeof instances)[number]> {
  const served = await serveConnector(
    {
      CONNECTOR_ADMIN_SECRET: ADMIN,
      CONNECTOR_ENCRYPTION_KEY: "instances-test-encryption-key-0123456789",
      CONNECTOR_DATABASE_URL: db.url,
      CONNECTOR_LEASE_MS: "2000",
      CONNECTOR_KINTONE_CONCURRENCY: String(KINTONE_CONCURRENCY),
    },
    port,
  );
  return { port, proc: served.proc, alive: true, log: served.log };
}

beforeAll(async () => {
  h = await startHarness();
  db = await freshDatabase();
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  for (const port of ports) instances.push(await serve(port));
}, 120_000);
afterAll(async () => {
  await Promise.all(instances.map((i) => killed(i.proc)));
  await h?.close();
  await db?.drop();
});

it("writes every call once and creates every unknown caller once, with two of three instances killed mid-burst", async () => {
  const put = await h.registerAt(`http://localhost:${instances[0]!.port}/`, ADMIN);
  expect(put.status).toBe(200);
  const path = new URL(((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect);
  const bodies = Array.from({ length: CALLS }, (_, i) =>
    new URLSearchParams({
      "record[id]": `i-${i}`,
      "record[status]": "100",
      "record[number]": `03-7700-${String(1000 + (i % NUMBERS))}`,
      "contact[company]": `多重${i % NUMBERS}`,
    }).toString(),
  );

  // Like CallConnect behind a load balancer: round robin, and a delivery that got no 200 goes to another instance.
  let next = 0;
  const deliver = async (body: string): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const live = instances.filter((x) => x.alive);
      const target = live[next++ % live.length]!;
      const ok = await fetch(`http://localhost:${target.port}${path.pathname}${path.search}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
    }
    throw new Error("no instance acknowledged a delivery");
  };
  const kill = (i: number) => {
    instances[i]!.alive = false;
    instances[i]!.proc.kill("SIGKILL");
  };
  // kintone answers slowly, so the instances' requests overlap and the domain's limit is what holds them back.
  h.slowKintone(25);
  let sent = 0;
  const senders = Array.from({ length: 25 }, async () => {
    while (sent < CALLS) {
      const body = bodies[sent++]!;
      await deliver(body);
      // Killed while they hold claimed batches: after the first third and the second third of the burst.
      if (sent === Math.floor(CALLS / 3)) kill(1);
      if (sent === Math.floor((2 * CALLS) / 3)) kill(2);
    }
  });
  await Promise.all(senders);
  h.slowKintone(0);

  const written = async () =>
    (await h.kintone.record.getAllRecords({ app: 2, condition: 'CallID like "i-"', fields: ["CallID"] })).map((r) =>
      String(r.CallID?.value),
    );
  let rows: string[] = [];
  for (let i = 0; i < 120; i++) {
    rows = await written();
    if (rows.length >= CALLS) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 1_000)); // anything written twice would show now
  rows = await written();
  expect(rows.length, instances.map((x) => x.log.join("")).join("\n")).toBe(CALLS);
  expect(new Set(rows).size).toBe(CALLS);
  expect(rows.sort()).toEqual(bodies.map((b) => new URLSearchParams(b).get("record[id]")!).sort());

  const customers = await h.kintone.record.getAllRecords({ app: 1, condition: '会社名 like "多重"', fields: ["会社名", "電話番号"] });
  const perNumber = new Map<string, number>();
  for (const c of customers) perNumber.set(String(c.電話番号?.value), (perNumber.get(String(c.電話番号?.value)) ?? 0) + 1);
  expect(perNumber.size).toBe(NUMBERS);
  expect([...perNumber.values()].every((n) => n === 1)).toBe(true);
  // All instances together stayed within the kintone domain's limit.
  expect(h.requests.connectorMaxInFlight).toBeGreaterThan(1);
  expect(h.requests.connectorMaxInFlight).toBeLessThanOrEqual(KINTONE_CONCURRENCY);
}, 120_000);

it("answers ready only while the database answers, and counts the day's kintone requests of every instance in status", async () => {
  for (const live of instances.filter((x) => x.alive)) {
    expect((await fetch(`http://localhost:${live.port}/health`)).status).toBe(200);
    expect(await (await fetch(`http://localhost:${live.port}/ready`)).json()).toEqual({ ready: true });
  }
  const status = (await (
    await fetch(`http://localhost:${instances[0]!.port}/api/apps/1/status`, { headers: { "X-Connector-Secret": ADMIN } })
  ).json()) as { kintoneRequestsToday: number; kintoneRequestBudget: number };
  // The burst above: at least one write of 100 per 100 calls, and far fewer than one request per call.
  expect(status.kintoneRequestsToday).toBeGreaterThanOrEqual(CALLS / 100);
  expect(status.kintoneRequestsToday).toBeLessThan(CALLS / 2);
  expect(status.kintoneRequestBudget).toBe(10_000);

  const port = await freePort();
  const orphan = spawn(process.execPath, ["--import", "tsx", "src/connector/cli.ts", "serve"], {
    env: {
      ...process.env,
      CONNECTOR_PORT: String(port),
      CONNECTOR_ADMIN_SECRET: ADMIN,
      CONNECTOR_ENCRYPTION_KEY: "instances-test-encryption-key-0123456789",
      CONNECTOR_DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`,
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
  });
  try {
    let health = 0;
    for (let i = 0; i < 200 && health !== 200; i++) {
      health = await fetch(`http://localhost:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (health !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(health).toBe(200);
    const ready = await fetch(`http://localhost:${port}/ready`);
    expect(ready.status).toBe(503);
  } finally {
    orphan.kill("SIGKILL");
  }
});
