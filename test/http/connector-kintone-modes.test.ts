// The connector on a kintone that compares times to the second or to the minute (which one real kintone does is
// not recorded), and on a token that sees only some records: the import takes exactly the right customers, the
// hourly sync ends with 600 records in one minute, and nothing is deleted on a read that saw less than all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";

// Above one page (500), so a page ends inside the minute of the burst.
const CAP = 600;
const BURST = 600;

/** The customers' upsert items the connector queued, by record id (what it will send to CallConnect). */
function queuedRecordIds(h: Harness, since = 0): string[] {
  // The body is dropped once the item is done; the dedupe key (cust:{app}:{record}:{revision}) stays.
  const rows = h.connectorDb
    .prepare("SELECT dedupe_key AS key FROM conn_inbox WHERE kind = 'customer_upsert' AND id > ? ORDER BY id")
    .all(since) as { key: string }[];
  return rows.map((r) => r.key.split(":")[2]!);
}
const lastInboxId = (h: Harness) => (h.connectorDb.prepare("SELECT COALESCE(MAX(id), 0) AS n FROM conn_inbox").get() as { n: number }).n;

describe.each(["second", "minute"] as const)("on a kintone comparing times to the %s", (precision) => {
  let h: Harness;
  let now = Date.parse("2026-12-01T10:00:00Z");
  /** Record id → the second it was last updated at, as the test set it. */
  const updatedAt = new Map<string, number>();

  async function addAt(at: number, count: number, phone = true): Promise<string[]> {
    now = at;
    const records = Array.from({ length: count }, (_, i) => ({
      会社名: { value: `社${at}-${i}` },
      ...(phone ? { 電話番号: { value: `03-${String(5000 + ((at / 1000) % 4000)).padStart(4, "0")}-${String(1000 + i).slice(-4)}` } } : {}),
    }));
    const { ids } = await h.kintone.record.addRecords({ app: 1, records });
    ids.forEach((id) => updatedAt.set(id, at));
    return ids;
  }

  beforeAll(async () => {
    h = await startHarness({ initialCap: CAP }, { timePrecision: precision, clock: () => new Date(now) });
    await h.register();
    // 600 records in one minute (10:20), added out of time order so ids and seconds disagree, then 100 newer.
    const base = Date.parse("2026-12-01T10:20:00Z");
    for (const second of [55, 5, 45, 15, 35, 25]) await addAt(base + second * 1000, BURST / 6);
    await addAt(Date.parse("2026-12-01T10:30:00Z"), 50, false); // no phone: never taken
    await addAt(Date.parse("2026-12-01T10:40:00Z"), 100);
    now = Date.parse("2026-12-01T11:00:00Z");
  }, 120_000);
  afterAll(async () => h?.close());

  it("imports exactly the newest customers with a phone number, in kintone's own order, up to the cap", async () => {
    const shown = (id: string) => (precision === "second" ? updatedAt.get(id)! : Math.floor(updatedAt.get(id)! / 60_000) * 60_000);
    const expected = [...updatedAt.keys()]
      .filter((id) => updatedAt.get(id) !== Date.parse("2026-12-01T10:30:00Z"))
      .sort((a, b) => shown(b) - shown(a) || Number(b) - Number(a))
      .slice(0, CAP);
    const before = lastInboxId(h);
    const runs = await h.connector.sync("1", { reconcile: false });
    expect(runs[0]).toMatchObject({ kind: "initial", queued: CAP });
    const queued = queuedRecordIds(h, before);
    expect(new Set(queued).size).toBe(CAP);
    expect([...queued].sort()).toEqual([...expected].sort());
  });

  it("ends the hourly sync with 600 records changed in one minute, and queues every change once", async () => {
    const burst = [...updatedAt.entries()].filter(([, at]) => at < Date.parse("2026-12-01T10:30:00Z")).map(([id]) => id);
    const changedAt = Date.parse("2026-12-01T11:05:00Z");
    for (let i = 0; i < burst.length; i += 100) {
      now = changedAt + (i / 100) * 7_000; // seconds apart inside one minute
      await h.kintone.record.updateRecords({
        app: 1,
        records: burst.slice(i, i + 100).map((id) => ({ id, record: { 担当者名: { value: "更新" } } })),
      });
    }
    now = Date.parse("2026-12-01T12:00:00Z");
    const before = lastInboxId(h);
    const runs = await h.connector.sync("1", { reconcile: false });
    expect(runs[0]!.kind).toBe("incremental");
    expect([...queuedRecordIds(h, before)].sort()).toEqual([...burst].sort());
    const again = await h.connector.sync("1", { reconcile: false });
    expect(again[0]).toMatchObject({ kind: "incremental", queued: 0 });
  });
});

describe("a read that sees less than all", () => {
  let h: Harness;
  let ids: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    await h.register();
    const records = Array.from({ length: 200 }, (_, i) => ({
      会社名: { value: `見える${i}` },
      電話番号: { value: `03-7000-${String(1000 + i)}` },
    }));
    ids = [
      ...(await h.kintone.record.addRecords({ app: 1, records: records.slice(0, 100) })).ids,
      ...(await h.kintone.record.addRecords({ app: 1, records: records.slice(100) })).ids,
    ];
    await h.connector.sync("1", { reconcile: false });
  }, 60_000);
  afterAll(async () => h?.close());

  const synced = () => (h.connectorDb.prepare("SELECT COUNT(*) AS n FROM conn_customers WHERE app_id = '1'").get() as { n: number }).n;
  const deletesQueued = () =>
    (h.connectorDb.prepare("SELECT COUNT(*) AS n FROM conn_inbox WHERE kind = 'customer_delete'").get() as { n: number }).n;

  it("deletes nothing when the token is hidden from half the records, and says so in status until confirmed", async () => {
    expect(synced()).toBe(200);
    const hidden = ids.filter((_, i) => i % 2 === 0);
    // レコードのアクセス権: the records with an even index are visible to the administrator alone.
    h.emulator.recordAccess.set(1, [{ condition: `$id in (${hidden.join(", ")})`, viewers: { users: ["Administrator"] } }]);
    try {
      await h.connector.sync("1", { reconcile: true });
      expect(deletesQueued()).toBe(0);
      expect(synced()).toBe(200);
      const status = (await h.connector.status("en"))[0]!;
      expect(status.heldDeletes?.count).toBe(100);

      // The administrator confirms: each unseen record is asked for alone; hidden is not gone.
      await h.kintone.record.deleteRecords({ app: 1, ids: [hidden[0]!, hidden[1]!] });
      const confirm = await fetch(`${h.connectorUrl}api/apps/1/deletes/confirm`, {
        method: "POST",
        headers: { "X-Connector-Secret": h.adminSecret },
      });
      expect(confirm.status).toBe(202);
      await expect.poll(async () => (await h.connector.status("en"))[0]!.syncing, { timeout: 30_000 }).toBe(false);
      await h.connector.runOnce();
      expect(deletesQueued()).toBe(2);
      expect(synced()).toBe(198);
      expect((await h.connector.status("en"))[0]!.heldDeletes).toBeNull();
    } finally {
      h.emulator.recordAccess.clear(1);
    }
  });

  it("removes a record deleted without a webhook only after kintone says, for that record, that it is gone", async () => {
    const victim = ids[1]!;
    await h.kintone.record.deleteRecords({ app: 1, ids: [victim] });
    const before = deletesQueued();
    await h.connector.sync("1", { reconcile: true });
    await h.connector.runOnce();
    expect(deletesQueued()).toBe(before + 1);
    expect(h.connectorDb.prepare("SELECT 1 FROM conn_customers WHERE app_id = '1' AND record_id = ?").get(victim)).toBeUndefined();
  });
});
