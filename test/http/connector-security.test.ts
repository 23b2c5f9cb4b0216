// Basic auth for IP-restricted tenants, and no secret in any log line, over a real run.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/connector/logger";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  h = await startHarness({ logger: createLogger({ level: "debug", destination: sink }) });
});
afterAll(async () => h?.close());

async function registerWithBasic(password: string) {
  const s = h.settings();
  s.basicAuth.enabled = true;
  const resp = await fetch(`${h.connectorUrl}api/apps/1/settings`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-Connector-Secret": h.adminSecret },
    body: JSON.stringify({
      settings: s,
      secrets: {
        callconnectToken: h.tokens.callconnect,
        customerApiToken: h.tokens.customer,
        historyApiToken: h.tokens.history,
        basicAuthUser: "gate",
        basicAuthPassword: password,
      },
      kintoneBaseUrl: h.kintoneUrl,
    }),
  });
  return ((await resp.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
}

const post = (url: string, id: string) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: `record%5Bid%5D=${id}&record%5Bstatus%5D=100&record%5Bnumber%5D=0312345678`,
  });

it("adds Basic auth to every kintone request when the tenant is IP-restricted, and says so when it is wrong", async () => {
  h.emulator.setBasicAuth({ user: "gate", password: "gate-PASSWORD-1" });
  try {
    const wrongHook = await registerWithBasic("wrong-PASSWORD-2");
    await post(wrongHook, "b-wrong");
    await h.connector.runOnce();
    const failed = (await h.connector.status())[0]!;
    expect(failed.failed).toBe(1);
    expect(failed.failures[0]!.reason).toContain("Basic 認証");

    const hook = await registerWithBasic("gate-PASSWORD-1");
    await post(hook, "b-1");
    await h.connector.runOnce();
  } finally {
    h.emulator.setBasicAuth(null);
  }
  const rows = (await h.kintone.record.getRecords({ app: 2, query: 'CallID = "b-1"' })).records;
  expect(rows).toHaveLength(1);
});

it("never writes a token, password, admin secret or webhook key into the logs", async () => {
  await fetch(`${h.connectorUrl}api/apps/1/status`, { headers: { "X-Connector-Secret": "wrong-ADMIN-guess" } });
  const hook = await registerWithBasic("gate-PASSWORD-1");
  await post(hook.replace(/key=[^&]+/, "key=guessed-KEY-3"), "b-2");
  await h.connector.runOnce();
  const key = new URL(hook).searchParams.get("key")!;
  const log = lines.join("");
  expect(log.length).toBeGreaterThan(0);
  expect(log).toContain("webhook refused");
  for (const secret of [
    h.tokens.customer,
    h.tokens.history,
    h.tokens.callconnect,
    "gate-PASSWORD-1",
    "wrong-PASSWORD-2",
    h.adminSecret,
    "wrong-ADMIN-guess",
    key,
    "guessed-KEY-3",
  ]) {
    expect(log).not.toContain(secret);
  }
});

it("censors secret keys even if one were handed to the logger", () => {
  const out: string[] = [];
  const logger = createLogger({ destination: new Writable({ write: (c: Buffer, _e, d) => (out.push(c.toString()), d()) }) });
  logger.info({ secrets: { customerApiToken: "LEAK-1" }, token: "LEAK-2", headers: { authorization: "Bearer LEAK-3" } }, "x");
  expect(out.join("")).not.toMatch(/LEAK/);
});

describe("webhook deliveries refused before anything is stored", () => {
  const cases: [string, "callconnect" | "kintone", string, string, number][] = [
    ["CallConnect as JSON", "callconnect", "application/json", '{"record":{"id":"1"}}', 415],
    ["CallConnect without record[id]", "callconnect", "application/x-www-form-urlencoded", "record%5Bstatus%5D=200", 400],
    [
      "CallConnect with an unknown event",
      "callconnect",
      "application/x-www-form-urlencoded",
      "record%5Bid%5D=9&record%5Bevent%5D=hangup",
      400,
    ],
    [
      "CallConnect over 1 MB",
      "callconnect",
      "application/x-www-form-urlencoded",
      `record%5Bid%5D=9&record%5Bmemo%5D=${"x".repeat(1_100_000)}`,
      413,
    ],
    ["kintone as a form", "kintone", "application/x-www-form-urlencoded", "type=DELETE_RECORD", 415],
    ["kintone with broken JSON", "kintone", "application/json", '{"type":', 400],
    ["kintone for another app", "kintone", "application/json", '{"id":"1","type":"DELETE_RECORD","app":{"id":"2"},"recordId":"1"}', 400],
    ["kintone without a record", "kintone", "application/json", '{"id":"1","type":"UPDATE_RECORD","app":{"id":"1"}}', 400],
  ];
  it.each(cases)("%s", async (_name, source, type, body, status) => {
    const hooks = await registerWithBasic("gate-PASSWORD-1");
    const before = (await h.connector.status())[0]!;
    const url = source === "callconnect" ? hooks : hooks.replace("/callconnect/", "/kintone/");
    const resp = await fetch(url, { method: "POST", headers: { "Content-Type": type }, body });
    expect(resp.status).toBe(status);
    const after = (await h.connector.status())[0]!;
    expect(after.pending + after.done + after.failed).toBe(before.pending + before.done + before.failed);
  });
});
