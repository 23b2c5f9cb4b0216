// Three connector processes on one PostgreSQL share one app's scheduled sync: every instance ticks, the one that
// takes the interval's lease syncs and the others skip, so kintone sees one sync per interval, not one per instance.
// Killed with SIGKILL, the instance that was running them is replaced by another within an interval or two.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";
import { freshDatabase } from "../helpers/postgres";
import { killed, serveConnector, type ServedConnector } from "../helpers/connector-process";

const ADMIN = "schedule-test-admin-secret-0123456789";
const INTERVAL_MS = 1_500;
/** A sync with no customer changed reads one page: one GET records.json per run. */
const RECORDS = "GET /k/v1/records.json";

type Instance = ServedConnector;
type Line = { msg?: string; trigger?: string; time: number };
const linesOf = (i: Instance) => i.lines as Line[];

let h: Harness;
let db: { url: string; drop(): Promise<void> };
const instances: Instance[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An instance whose structured log (stdout) is kept: it says who ran which sync. */
const serve = (): Promise<Instance> =>
  serveConnector(
    {
      CONNECTOR_ADMIN_SECRET: ADMIN,
      CONNECTOR_ENCRYPTION_KEY: "schedule-test-encryption-key-0123456789",
      CONNECTOR_DATABASE_URL: db.url,
      CONNECTOR_SYNC_INTERVAL_MS: String(INTERVAL_MS),
    },
    undefined,
    true,
  );

/** The scheduled syncs (first import or checkpoint sync) each instance finished in [from, to). */
function scheduledRuns(from: number, to: number, among = instances): number[] {
  return among.map(
    (i) =>
      linesOf(i).filter(
        (l) => (l.msg === "sync done" || l.msg === "initial import done") && l.trigger === "scheduled" && l.time >= from && l.time < to,
      ).length,
  );
}

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  h = await startHarness();
  db = await freshDatabase();
  instances.push(...(await Promise.all([serve(), serve(), serve()])));
}, 120_000);
afterAll(async () => {
  await Promise.all(instances.map((i) => killed(i.proc)));
  await h?.close();
  await db?.drop();
});

it("syncs the app once per interval across three instances, and goes on when the one syncing is killed", async () => {
  const put = await h.registerAt(`http://localhost:${instances[0]!.port}/`, ADMIN);
  expect(put.status).toBe(200);
  // The first import and its reconciliation come first; from the first checkpoint sync on, each run is one read.
  for (let i = 0; i < 100 && !instances.some((x) => linesOf(x).some((l) => l.msg === "sync done")); i++) await sleep(100);
  // On failure: every instance's syncs, when and why.
  const logs = () =>
    instances
      .flatMap((x, n) =>
        linesOf(x)
          .filter((l) => l.trigger)
          .map((l) => `${new Date(l.time).toISOString()} #${n} ${l.msg} (${l.trigger})`),
      )
      .sort()
      .join("\n");
  expect(sum(scheduledRuns(0, Infinity)), logs()).toBeGreaterThan(0);

  const WINDOW = 5;
  let from = Date.now();
  let reads = h.requests.byRoute[RECORDS] ?? 0;
  await sleep(WINDOW * INTERVAL_MS);
  const perInstance = scheduledRuns(from, Date.now());
  // One per interval, give or take one at the window's edges; one per instance would be three times as many.
  expect(sum(perInstance), logs()).toBeGreaterThanOrEqual(WINDOW - 1);
  expect(sum(perInstance), logs()).toBeLessThanOrEqual(WINDOW + 1);
  const seen = (h.requests.byRoute[RECORDS] ?? 0) - reads;
  expect(seen).toBeGreaterThanOrEqual(WINDOW - 1);
  expect(seen).toBeLessThanOrEqual(WINDOW + 1);

  // The instance that ran the most of them dies, most likely holding this interval's lease.
  const busiest = instances[perInstance.indexOf(Math.max(...perInstance))]!;
  await killed(busiest.proc);
  const survivors = instances.filter((i) => i !== busiest);

  const AFTER = 4;
  from = Date.now();
  reads = h.requests.byRoute[RECORDS] ?? 0;
  await sleep(AFTER * INTERVAL_MS);
  // Its lease runs out within an interval and the next tick of another instance takes it: one run per interval
  // from then on, less the interval or so the dead lease held.
  const after = sum(scheduledRuns(from, Date.now(), survivors));
  expect(after, logs()).toBeGreaterThanOrEqual(AFTER - 2);
  expect(after, logs()).toBeLessThanOrEqual(AFTER + 1);
  const seenAfter = (h.requests.byRoute[RECORDS] ?? 0) - reads;
  expect(seenAfter).toBeGreaterThanOrEqual(AFTER - 2);
  expect(seenAfter).toBeLessThanOrEqual(AFTER + 1);
}, 60_000);
