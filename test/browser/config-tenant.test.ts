// A provider's connector serving many companies: the kintone admin of one of them enters the tenant's connector URL
// and secret on the real config screen, saves, and the app is registered under the tenant, its status read back
// through kintone's proxy with the tenant's secret. The sandbox's own registration of app 1 is left as it was.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import type { TenantSecret } from "../../src/connector/types";

let sb: TestSandbox;
let browser: Browser;
let acme: TenantSecret;

beforeAll(async () => {
  sb = await startTestSandbox({ withConnector: true });
  acme = await sb.sandbox.connector!.addTenant("acme", { kintone: sb.url });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

it("registers the app under the tenant's URL with the tenant's secret and shows the tenant's status", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: authHeader("Administrator") });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sb.url}/k/admin/app/1/plugin/config?pluginId=${sb.pluginId}`);
  await page.locator("[data-ready=true]").waitFor();
  const all = { view: true, add: true, edit: true, delete: true };
  await page.getByLabel("コネクタのURL(空欄ならコネクタを使いません)").fill(acme.connectorUrl);
  await page.getByLabel("コネクタの共有シークレット").fill(acme.secret);
  await page.getByLabel("顧客アプリのAPIトークン(レコード閲覧・追加・編集)").fill(sb.sandbox.emulator.tokens.create(1, all));
  await page
    .getByLabel("通話履歴アプリのAPIトークン(レコード追加・編集)")
    .fill(sb.sandbox.emulator.tokens.create(2, { ...all, delete: false }));
  await page.getByRole("button", { name: "保存", exact: true }).click();

  const hooks = page.locator('[data-setting="connector.registration"] input');
  await expect.poll(() => hooks.first().inputValue(), { timeout: 15_000 }).toMatch(/\/connector\/t\/acme\/webhooks\/callconnect\/1\?key=/);
  // The status panel reads the tenant's app through kintone's proxy: its first import of the 40 seeded customers.
  const panel = page.locator('[data-setting="connector.status"]');
  await expect.poll(() => panel.innerText(), { timeout: 20_000 }).toMatch(/初回取り込み: 40件を読み取り/);
  expect(await page.content()).not.toContain(acme.secret);

  const statuses = await sb.sandbox.connector!.status("ja");
  expect(statuses.map((s) => s.app)).toEqual(["1", "acme/1"]);
  expect(statuses.find((s) => s.app === "acme/1")?.webhooks?.callconnect).toContain("/connector/t/acme/");
  expect(errors).toEqual([]);
  await context.close();
});
