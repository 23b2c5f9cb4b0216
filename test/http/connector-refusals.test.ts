// A change CallConnect can never accept stops at once with a sentence naming the record and the field; the same
// record, corrected and saved, goes through.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.register();
  await h.connector.sync("1", { reconcile: false });
});
afterAll(async () => h?.close());

it("stops a customer CallConnect refuses, naming the record, the field and what to do, in Japanese and English", async () => {
  const { id } = await h.kintone.record.addRecord({
    app: 1,
    record: { 会社名: { value: "長い名前" }, 担当者名: { value: "名".repeat(10_000) }, 電話番号: { value: "03-6000-1234" } },
  });
  await h.connector.sync("1", { reconcile: false });
  await h.connector.runOnce();
  const ja = (await h.connector.status("ja"))[0]!;
  expect(ja.pending).toBe(0); // not waiting for a retry that cannot help
  const reason = ja.failures[0]?.reason ?? "";
  expect(reason).toContain(`レコード ${id}`);
  expect(reason).toContain("「担当者名」の値を直して保存してください");
  expect(reason).toContain(`/k/1/show#record=${id}`);
  expect((await h.connector.status("en"))[0]!.failures[0]?.reason).toContain('correct "担当者名" and save the record');

  await h.kintone.record.updateRecord({ app: 1, id, record: { 担当者名: { value: "短い名前" } } });
  await h.connector.sync("1", { reconcile: false });
  await h.connector.runOnce();
  const done = h.connectorDb
    .prepare("SELECT COUNT(*) AS n FROM conn_inbox WHERE dedupe_key LIKE ? AND state = 'done'")
    .get(`cust:1:${id}:%`) as { n: number };
  expect(done.n).toBe(1);
});
