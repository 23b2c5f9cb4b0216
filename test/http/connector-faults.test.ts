// Faults injected on both sides: every customer synced and every call written exactly once, nothing failed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallConnectClient, externalKey, withBearerToken } from "../../src/shared/callconnect/client";
import { fetchTransport } from "../../src/connector/clients/callconnect";
import { startHarness, STORES, type Harness } from "../harness/connector";

let h: Harness;

async function drainUntilSettled(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await h.connector.runOnce();
    if ((await h.connector.status())[0]!.pending === 0) return;
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe.each(STORES)("faults (%s store)", (store) => {
  beforeAll(async () => {
    h = await startHarness({ store, requestTimeoutMs: 400, retry: { baseMs: 20, maxMs: 300, maxAttempts: 30 } });
    await h.register();
    await h.connector.sync("1");
    await drainUntilSettled();
  });
  afterAll(async () => h?.close());

  it("syncs every customer through 5xx bursts, 429s with Retry-After, slow answers and dropped connections", async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      会社名: { value: `障害${i}` },
      電話番号: { value: `03-6000-${String(1000 + i)}` },
    }));
    const { ids } = await h.kintone.record.addRecords({ app: 1, records });
    h.simulator.injectFaults([
      { path: "api/v1/customers", status: 503, times: 6 },
      { path: "api/v1/customers", status: 429, retryAfterSeconds: 0, times: 3 },
      { path: "api/v1/customers", delayMs: 800, times: 2 },
      { path: "api/v1/customers", drop: true, times: 3 },
    ]);
    await h.connector.sync("1");
    await drainUntilSettled();
    const status = (await h.connector.status())[0]!;
    expect(status.failed).toBe(0);
    const client = createCallConnectClient({
      baseUrl: `${h.url}/callconnect/`,
      transport: withBearerToken(fetchTransport(), h.tokens.callconnect),
    });
    const found = await Promise.all(ids.map((id) => client.getCustomer(externalKey(1, id))));
    expect(found.filter((r) => r.ok)).toHaveLength(40);
    // One customer per record: the same number was never created twice under different keys.
    const byNumber = await client.findCustomers("+81360001000");
    expect(byNumber.ok && byNumber.value).toHaveLength(1);
  });

  it("writes every call of a burst once through kintone's 429 (GAIA_TO04) and 503s", async () => {
    const { webhooks } = await h.register();
    h.failKintone(3, 429, "GAIA_TO04");
    h.failKintone(2, 503, "GAIA_UN03");
    const bodies = Array.from({ length: 60 }, (_, i) =>
      new URLSearchParams({
        "record[id]": `f-${i}`,
        "record[status]": "100",
        "record[number]": `03-6000-${String(1000 + (i % 40))}`,
      }).toString(),
    );
    const answers = await Promise.all(
      bodies.map((body) =>
        fetch(webhooks.callconnect, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await drainUntilSettled();
    expect((await h.connector.status())[0]!.failed).toBe(0);
    const rows = (await h.kintone.record.getRecords({ app: 2, query: 'CallID like "f-" limit 500' })).records;
    expect(rows.map((r) => r.CallID?.value).sort()).toEqual(bodies.map((_, i) => `f-${i}`).sort());
    expect(rows.every((r) => r.顧客レコード番号?.value !== "")).toBe(true);
  });
});
