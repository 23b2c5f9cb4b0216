// The contract between the config screen and the connector, over HTTP: both sides parse with one schema module.
import * as v from "valibot";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppStatusSchema, RegistrationReplySchema, SyncStartReplySchema } from "../../src/shared/contract/connector";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ autoStart: false });
});
afterAll(async () => h?.close());

const put = (body: unknown) =>
  fetch(`${h.connectorUrl}api/apps/1/settings`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-Connector-Secret": h.adminSecret },
    body: JSON.stringify(body),
  });
const admin = (path: string, method = "GET") =>
  fetch(`${h.connectorUrl}api/apps/1/${path}`, { method, headers: { "X-Connector-Secret": h.adminSecret } });

it.each([
  ["kintoneBaseUrl is missing", { settings: {}, secrets: {} }, "kintoneBaseUrl"],
  ["kintoneBaseUrl is not http(s)", { settings: {}, kintoneBaseUrl: "javascript:alert(1)" }, "kintoneBaseUrl: must be an http(s) URL"],
  [
    "a secret is not a string",
    { settings: {}, kintoneBaseUrl: "https://example.cybozu.com", secrets: { customerApiToken: 42 } },
    "secrets.customerApiToken",
  ],
  [
    "a top-level secret is not a string",
    { settings: {}, kintoneBaseUrl: "https://example.cybozu.com", historyApiToken: ["x"] },
    "historyApiToken",
  ],
  ["the body is not an object", ["settings"], "invalid registration"],
])("refuses a registration whose %s with a 400 naming the field", async (_what, body, named) => {
  const resp = await put(body);
  expect(resp.status).toBe(400);
  expect(((await resp.json()) as { error: string }).error).toContain(named);
});

it("answers registration, status and sync in the shapes the config screen parses", async () => {
  const reg = await h.register();
  expect(reg.status).toBe(200);
  const raw = await put({ settings: h.settings(), secrets: { customerApiToken: h.tokens.customer }, kintoneBaseUrl: h.kintoneUrl });
  expect(v.safeParse(RegistrationReplySchema, await raw.json()).success).toBe(true);
  const status = v.safeParse(AppStatusSchema, await (await admin("status?lang=en")).json());
  expect(status.issues ?? []).toEqual([]);
  const sync = await admin("sync", "POST");
  expect(sync.status).toBe(202);
  expect(v.safeParse(SyncStartReplySchema, await sync.json()).success).toBe(true);
});

it("refuses a kintone password at registration and says the connector speaks API tokens only", async () => {
  for (const body of [
    { settings: h.settings(), kintoneBaseUrl: h.kintoneUrl, secrets: { password: "hunter2" } },
    { settings: h.settings(), kintoneBaseUrl: h.kintoneUrl, username: "Administrator", password: "sandbox" },
  ]) {
    const resp = await put(body);
    expect(resp.status).toBe(400);
    const { error } = (await resp.json()) as { error: string };
    expect(error).toMatch(/API tokens only/);
    expect(error).not.toContain("hunter2");
  }
});
