// The connector's structured log names whose work a line is about: `app` and `tenant` (the kintone domain,
// host[:port] of the app's kintoneBaseUrl), so one tenant's trouble can be found among many in one instance's log.
import { afterAll, beforeAll, expect, it } from "vitest";
import { capturingLogger } from "../helpers/log-lines";
import { startHarness, type Harness } from "../harness/connector";

interface LogLine {
  msg: string;
  app?: string;
  tenant?: string;
}

let h: Harness;
const lines: LogLine[] = [];

beforeAll(async () => {
  h = await startHarness({ logger: capturingLogger(lines) });
  const { webhooks } = await h.register();
  await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: "ログ商事" }, 電話番号: { value: "03-5600-0001" } } });
  await h.connector.sync("1"); // the first import and the first reconciliation
  await h.connector.sync("1"); // a checkpoint sync
  const body = new URLSearchParams({ "record[id]": "log-1", "record[status]": "100", "record[number]": "03-5600-0001" }).toString();
  const resp = await fetch(webhooks.callconnect, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  expect(resp.status).toBe(200);
  await h.connector.runOnce();
  await h.kintoneDown();
  await expect(h.connector.sync("1")).rejects.toThrow();
  await h.kintoneUp();
});
afterAll(async () => h?.close());

const named = (msg: string) => lines.filter((l) => l.msg === msg || l.msg.startsWith(`${msg}:`));

it.each([
  "webhook stored",
  "initial import: progress",
  "initial import done",
  "reconcile done",
  "sync done",
  "calls written",
  "sync failed",
])("“%s” carries the app and the tenant, the kintone domain of the app", (msg) => {
  const found = named(msg);
  expect(found.length, lines.map((l) => l.msg).join("\n")).toBeGreaterThan(0);
  for (const l of found) expect(l).toMatchObject({ app: "1", tenant: new URL(h.kintoneUrl).host });
});

it("names a tenant's app by the tenant's id, not by its kintone domain", async () => {
  const acme = await h.connector.addTenant("acme");
  const put = await h.registerAt(acme.connectorUrl, acme.secret);
  const hook = ((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
  const from = lines.length;
  const body = new URLSearchParams({ "record[id]": "log-acme-1", "record[status]": "100", "record[number]": "03-5600-0001" }).toString();
  const resp = await fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
  expect(resp.status).toBe(200);
  await h.connector.runOnce();
  const mine = lines.slice(from).filter((l) => l.msg === "webhook stored" || l.msg === "calls written");
  expect(mine.map((l) => l.msg).sort()).toEqual(["calls written", "webhook stored"]);
  for (const l of mine) expect(l).toMatchObject({ app: "1", tenant: "acme" });
});
