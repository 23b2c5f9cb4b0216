// The day's kintone request budget of an app: past 80 % of it the reconciliation (a daily chore) waits for the next
// day and the log says so; calls are written to kintone whatever the count; status shows the count and the budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturingLogger } from "../helpers/log-lines";
import { startHarness, STORES, type Harness } from "../harness/connector";

/** Small enough to reach with a few calls: each is a lookup and a write. */
const BUDGET = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogLine {
  level: number;
  msg: string;
  app?: string;
  tenant?: string;
  kintoneRequestsToday?: number;
  budget?: number;
}

describe.each(STORES)("the daily kintone request budget (%s store)", (store) => {
  let h: Harness;
  let hook: string;
  const lines: LogLine[] = [];
  let calls = 0;

  beforeAll(async () => {
    // Every sync has a reconciliation due, so only the budget decides whether it runs.
    h = await startHarness({ store, dailyRequestBudget: BUDGET, reconcileIntervalMs: 0, logger: capturingLogger(lines) });
    hook = (await h.register()).webhooks.callconnect;
  });
  afterAll(async () => h?.close());

  /** What status says once this instance has stored its counts (it writes them half a second after a request). */
  async function status(): Promise<{ kintoneRequestsToday: number; kintoneRequestBudget: number }> {
    await sleep(700);
    const resp = await fetch(`${h.connectorUrl}api/apps/1/status`, { headers: { "X-Connector-Secret": h.adminSecret } });
    expect(resp.status).toBe(200);
    return (await resp.json()) as { kintoneRequestsToday: number; kintoneRequestBudget: number };
  }

  /** One call, always from the same number, written to the history app; its CallID. */
  async function call(): Promise<string> {
    const id = `budget-${store}-${calls++}`;
    const body = new URLSearchParams({ "record[id]": id, "record[status]": "100", "record[number]": "03-5500-0001" }).toString();
    const resp = await fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
    expect(resp.status).toBe(200);
    await h.connector.runOnce();
    return id;
  }

  const putOff = () => lines.filter((l) => l.msg.startsWith("reconcile put off"));
  const kinds = (runs: { kind: string }[]) => runs.map((r) => r.kind);

  it("reconciles while the app's requests today are below 80 % of the budget", async () => {
    expect(kinds(await h.connector.sync("1"))).toEqual(["initial", "reconcile"]);
    const used = (await status()).kintoneRequestsToday;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(BUDGET * 0.8);
    expect(kinds(await h.connector.sync("1"))).toEqual(["incremental", "reconcile"]);
    expect(putOff()).toEqual([]);
  });

  it("puts the reconciliation off from 80 % of the budget on, and logs it with the app and the tenant", async () => {
    let used = (await status()).kintoneRequestsToday;
    for (let i = 0; i < 30 && used < BUDGET * 0.8; i++) {
      await call();
      used = (await status()).kintoneRequestsToday;
    }
    // Between 80 % and the whole budget: it is the share that holds the reconciliation back, not the limit.
    expect(used).toBeGreaterThanOrEqual(BUDGET * 0.8);
    expect(used).toBeLessThan(BUDGET);
    expect(kinds(await h.connector.sync("1"))).toEqual(["incremental"]);
    const [line, ...more] = putOff();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 40, app: "1", tenant: new URL(h.kintoneUrl).host, budget: BUDGET });
    // What the store had counted when the sync asked (the sync's own read may have been counted by then).
    expect(line!.kintoneRequestsToday).toBeGreaterThanOrEqual(used);
    expect(line!.kintoneRequestsToday).toBeLessThanOrEqual(used + 2);
  });

  it("writes calls past the whole budget: they never wait for the next day", async () => {
    let used = (await status()).kintoneRequestsToday;
    for (let i = 0; i < 30 && used < BUDGET; i++) {
      await call();
      used = (await status()).kintoneRequestsToday;
    }
    expect(used).toBeGreaterThanOrEqual(BUDGET);
    const late = await call();
    const written = await h.kintone.record.getRecords({ app: 2, query: `CallID = "${late}"` });
    expect(written.records).toHaveLength(1);
    const after = await status();
    expect(after.kintoneRequestsToday).toBeGreaterThan(used);
    expect(after.kintoneRequestBudget).toBe(BUDGET);
    expect((await h.connector.status())[0]).toMatchObject({
      kintoneRequestsToday: after.kintoneRequestsToday,
      kintoneRequestBudget: BUDGET,
    });
    expect(kinds(await h.connector.sync("1"))).toEqual(["incremental"]);
  });
});
