// 着信時の顧客表示 on the sandbox's real config page, in Chromium: a first setup offers the usual wrap-up results; what
// the admin removes, adds and ticks is what is stored (trimmed, the blank row dropped); a duplicate is refused, naming
// its row, and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { loadSettings } from "../../src/shared/settings";

let sb: TestSandbox;
let browser: Browser;
let context: BrowserContext;

const admin = () => new KintoneRestAPIClient({ baseUrl: sb.url, auth: { username: "Administrator", password: "sandbox" } });

/** A customer app with the plugin added and never configured: a first setup. */
async function freshApp(): Promise<string> {
  const res = await fetch(`${sb.url}/k/v1/preview/app.json`, {
    method: "POST",
    headers: { ...authHeader(), "Content-Type": "application/json" },
    body: JSON.stringify({ name: "お客様" }),
  });
  const app = ((await res.json()) as { app: string }).app;
  await admin().app.addFormFields({ app, properties: { 電話番号: { type: "SINGLE_LINE_TEXT", code: "電話番号", label: "電話番号" } } });
  await admin().app.addPlugins({ app, ids: [sb.pluginId] });
  await admin().app.deployApp({ apps: [{ app }] });
  await expect.poll(async () => (await admin().app.getDeployStatus({ apps: [app] })).apps[0]?.status).toBe("SUCCESS");
  return app;
}

beforeAll(async () => {
  sb = await startTestSandbox();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: authHeader() });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sb?.close();
});

async function openConfig(app: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${sb.url}/k/admin/app/${app}/plugin/config?pluginId=${sb.pluginId}`);
  await page.locator("[data-ready=true]").waitFor();
  return page;
}

const row = (page: Page, target: string) => page.locator(`[data-setting="${target}"]`);
const cells = (page: Page) => row(page, "screenPop.results").locator(".cc-result-cell input");
const resultsShown = (page: Page) => cells(page).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const ticked = (page: Page) =>
  row(page, "screenPop.options")
    .locator("input[type=checkbox]")
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked));

/** kuc's row buttons, on the row they act on (1-based, as the screen numbers rows). */
const rowButton = (page: Page, n: number, title: "Add row" | "Delete this row") =>
  row(page, "screenPop.results")
    .locator("tbody tr")
    .nth(n - 1)
    .locator(`button[title="${title}"]`);

/** What else a save needs: the CallConnect connection and a phone field. */
async function fillTheRest(page: Page): Promise<void> {
  await page.getByLabel("APIのURL").fill(`${sb.url}/callconnect/`);
  await page.getByLabel("APIトークン", { exact: true }).fill("callconnect-token-x");
  await row(page, "customer.phoneFields").getByRole("option", { name: "電話番号 (電話番号)" }).click();
  await row(page, "clickToCall.phoneFields").getByRole("option", { name: "電話番号 (電話番号)" }).click();
}

async function save(page: Page): Promise<void> {
  await page.getByRole("button", { name: "保存", exact: true }).click();
}

/** The plugin config as kintone hands it to the app's pages. */
async function stored(app: string): Promise<Record<string, string>> {
  const page = await openConfig(app);
  const config = await page.evaluate(() => kintone.plugin.app.getConfig(kintone.$PLUGIN_ID));
  await page.close();
  return config;
}

function storedScreenPop(config: Record<string, string>) {
  const loaded = loadSettings(config);
  if (loaded.kind !== "ok") throw new Error(`stored settings not ok: ${loaded.kind}`);
  return loaded.settings.screenPop;
}

describe("着信時の顧客表示 on the config screen", () => {
  it("offers the usual results on a first setup and stores exactly what the admin leaves, trimmed, and the flags", async () => {
    const app = await freshApp();
    const page = await openConfig(app);
    expect(await resultsShown(page)).toEqual(["受注", "折り返し", "不在", "クレーム"]);
    expect(await ticked(page)).toEqual([true, false]);

    await rowButton(page, 3, "Delete this row").click();
    await expect.poll(() => resultsShown(page)).toEqual(["受注", "折り返し", "クレーム"]);
    // A new row after クレーム, typed with spaces around it, and a blank row left at the end.
    await rowButton(page, 3, "Add row").click();
    await cells(page).nth(3).fill("  再架電  ");
    await rowButton(page, 4, "Add row").click();
    await expect.poll(() => resultsShown(page)).toEqual(["受注", "折り返し", "クレーム", "  再架電  ", ""]);
    await row(page, "screenPop.options").getByText("顧客が1件だけ一致したら、そのレコードをすぐに開く").click();
    await fillTheRest(page);
    await save(page);
    await page.waitForURL(`${sb.url}/k/admin/app/${app}/plugin/`);
    await page.close();

    expect(storedScreenPop(await stored(app))).toEqual({
      enabled: true,
      openAtOnce: true,
      results: ["受注", "折り返し", "クレーム", "再架電"],
    });

    // Reopened, the screen shows what is stored; unticking both options is stored too.
    const again = await openConfig(app);
    expect(await resultsShown(again)).toEqual(["受注", "折り返し", "クレーム", "再架電"]);
    expect(await ticked(again)).toEqual([true, true]);
    await row(again, "screenPop.options").getByText("着信時に顧客を表示する").click();
    await row(again, "screenPop.options").getByText("顧客が1件だけ一致したら、そのレコードをすぐに開く").click();
    await save(again);
    await again.waitForURL(`${sb.url}/k/admin/app/${app}/plugin/`);
    await again.close();
    expect(storedScreenPop(await stored(app))).toEqual({
      enabled: false,
      openAtOnce: false,
      results: ["受注", "折り返し", "クレーム", "再架電"],
    });
  }, 60_000);

  it("refuses a duplicate result, naming its row, and saves nothing", async () => {
    const app = await freshApp();
    const page = await openConfig(app);
    await rowButton(page, 4, "Add row").click();
    await cells(page).nth(4).fill(" 受注 ");
    await fillTheRest(page);
    await save(page);
    const results = row(page, "screenPop.results");
    await expect.poll(() => results.innerText()).toContain("5行目: 「受注」は1行目にもあります。");
    await expect.poll(() => page.getByText(/入力内容に誤りが1件あります。/).count()).toBeGreaterThan(0);
    await results.screenshot({ path: screenshotPath("config-screen-pop-duplicate") });
    expect(page.url()).toContain("/plugin/config");
    await page.close();
    expect(await stored(app)).toEqual({});
  }, 60_000);
});
