// One kintone request that never answers holds its own batch of calls, not the others: they are written while
// it hangs, and it is retried after its own timeout. Nothing is lost or written twice.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";

const TIMEOUT_MS = 20_000;
let h: Harness;
let hook: string;

beforeAll(async () => {
  h = await startHarness({ autoStart: true, requestTimeoutMs: TIMEOUT_MS });
  // Known customers, so no call creates one: the only writes are the history's.
  for (let i = 0; i < 150; i++)
    h.emulator.records.add(1, { 会社名: { value: `待ち${i}` }, 電話番号: { value: `03-7200-${String(1000 + i)}` } }, "Administrator");
  hook = (await h.register()).webhooks.callconnect;
  await new Promise((r) => setTimeout(r, 1500)); // the first import and reconciliation
}, 60_000);
afterAll(async () => {
  h?.emulator.faults.clear();
  await h?.close();
});

const written = async () => (await h.kintone.record.getAllRecords({ app: 2, fields: ["CallID"] })).map((r) => String(r.CallID?.value));

it("writes the other batches while one history write hangs, then the hung batch once after its timeout", async () => {
  h.emulator.faults.inject({ method: "POST", path: "/k/v1/records.json", kind: "hang", count: 1 });
  // 150 calls from 150 numbers: more than one batch of 100, so at least two batches run.
  await Promise.all(
    Array.from({ length: 150 }, (_, i) =>
      fetch(hook, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "record[id]": `h-${i}`, "record[status]": "100", "record[number]": `03-7200-${String(1000 + i)}` }),
      }),
    ),
  );
  await expect.poll(() => h.emulator.faults.hits(), { timeout: 10_000 }).toBe(1);
  const hungAt = Date.now();
  // Others land while the hung request is still open (well before its timeout).
  await expect.poll(async () => (await written()).length, { timeout: TIMEOUT_MS - 5_000, interval: 200 }).toBeGreaterThan(0);
  expect(Date.now() - hungAt).toBeLessThan(TIMEOUT_MS);
  expect((await written()).length).toBeLessThan(150);
  // After the timeout the hung batch is retried: every call once.
  await expect.poll(async () => (await written()).length, { timeout: TIMEOUT_MS + 30_000, interval: 500 }).toBe(150);
  const ids = await written();
  expect(new Set(ids).size).toBe(150);
}, 90_000);
