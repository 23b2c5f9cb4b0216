// The kintone webhook and the sync queue a record's revisions under the same keys: one item per revision
// (whichever comes second is a no-op), and all items of one record in one serial lane (never run side by side).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
let hook: string;
beforeAll(async () => {
  h = await startHarness({ autoStart: false });
  hook = (await h.register()).webhooks.kintone;
});
afterAll(async () => h?.close());

const deliver = (body: unknown) =>
  fetch(hook, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const queued = () =>
  h.connectorDb
    .prepare("SELECT kind, dedupe_key AS dedupe, serial_key AS serial FROM conn_inbox WHERE kind LIKE 'customer_%' ORDER BY id")
    .all() as { kind: string; dedupe: string; serial: string }[];

it("puts the webhook's and the sync's items for one record under one dedupe key per revision and one serial key", async () => {
  const { id } = await h.kintone.record.addRecord({
    app: 1,
    record: { 会社名: { value: "鍵テスト" }, 電話番号: { value: "03-1111-2222" } },
  });
  const first = await h.kintone.record.getRecord({ app: 1, id });
  expect((await deliver({ id: "d-1", type: "ADD_RECORD", app: { id: "1" }, record: first.record })).status).toBe(200);
  await h.connector.sync("1"); // the first import reads the same revision
  expect(queued()).toHaveLength(1);

  await h.kintone.record.updateRecord({ app: 1, id, record: { 電話番号: { value: "03-1111-3333" } } });
  await h.connector.sync("1"); // the checkpoint sync sees revision 2 first
  const second = await h.kintone.record.getRecord({ app: 1, id });
  await deliver({ id: "d-2", type: "UPDATE_RECORD", app: { id: "1" }, record: second.record }); // then the webhook
  await deliver({ id: "d-3", type: "DELETE_RECORD", app: { id: "1" }, recordId: id });

  const items = queued();
  expect(items.map((i) => i.kind)).toEqual(["customer_upsert", "customer_upsert", "customer_delete"]);
  expect(new Set(items.map((i) => i.serial)).size).toBe(1);
});
