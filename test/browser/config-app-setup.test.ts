// 通話履歴アプリを作成 on the sandbox's real config page, in Chromium: on a customer app without a history app, the
// button makes one in the app's space, deploys it and fills the mappings; the customer form gets its Space and
// 関連レコード一覧 after a warning; a pasted token lacking a permission is refused, naming it; with valid tokens pasted and
// the settings saved, a customer's record shows its calls in the panel. Secrets typed before a rebuild are kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox";

const SPACE = "7";
let sb: TestSandbox;
let browser: Browser;
let context: BrowserContext;
let customer: string;

const admin = () => new KintoneRestAPIClient({ baseUrl: sb.url, auth: { username: "Administrator", password: "sandbox" } });

async function deploy(app: string): Promise<void> {
  await admin().app.deployApp({ apps: [{ app }] });
  for (let i = 0; i < 10; i++) if ((await admin().app.getDeployStatus({ apps: [app] })).apps[0]?.status === "SUCCESS") return;
  throw new Error("deploy did not finish");
}

beforeAll(async () => {
  sb = await startTestSandbox({ withConnector: true });
  // A customer app in a space, without a history app: what an admin has before this product.
  const res = await fetch(`${sb.url}/k/v1/preview/app.json`, {
    method: "POST",
    headers: { "X-Cybozu-Authorization": Buffer.from("Administrator:sandbox").toString("base64"), "Content-Type": "application/json" },
    body: JSON.stringify({ name: "取引先", space: SPACE, thread: SPACE }),
  });
  customer = ((await res.json()) as { app: string }).app;
  await admin().app.addFormFields({
    app: customer,
    properties: {
      会社名: { type: "SINGLE_LINE_TEXT", code: "会社名", label: "会社名" },
      電話番号: { type: "SINGLE_LINE_TEXT", code: "電話番号", label: "電話番号" },
    },
  });
  await admin().app.addPlugins({ app: customer, ids: [sb.pluginId] });
  await deploy(customer);
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    extraHTTPHeaders: { "X-Cybozu-Authorization": Buffer.from("Administrator:sandbox").toString("base64") },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sb?.close();
});

async function openConfig(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${sb.url}/k/admin/app/${customer}/plugin/config?pluginId=${sb.pluginId}`);
  await page.locator("[data-ready=true]").waitFor();
  return page;
}

const row = (page: Page, target: string) => page.locator(`[data-setting="${target}"]`);
const secretField = (page: Page, name: string) => row(page, `secrets.${name}`).locator("input");
const fullToken = (app: string) => sb.sandbox.emulator.tokens.create(Number(app), { view: true, add: true, edit: true, delete: false });

async function pick(page: Page, target: string, option: string): Promise<void> {
  await row(page, target).getByRole("button").first().click();
  await row(page, target).getByRole("option", { name: option, exact: true }).click();
}

const control = (page: Page, target: string) =>
  page.evaluate((t) => {
    const el = document.querySelector<HTMLElement>(`[data-setting="${t}"]`)?.firstElementChild as { value?: unknown } | null;
    return el?.value;
  }, target);

describe("the config screen's app setup", () => {
  let history = "";

  it("creates the history app in the customer app's space, deploys it and fills the mappings", async () => {
    const page = await openConfig();
    // Typed before the screen rebuilds itself around the new app: still there after it, never in the page's markup.
    const typedToken = "typed-before-the-app-was-made";
    const customerToken = fullToken(customer);
    await page.getByLabel("APIトークン", { exact: true }).fill(typedToken);
    await secretField(page, "customerApiToken").fill(customerToken);
    const button = page.getByRole("button", { name: "通話履歴アプリを作成" });
    await button.click();
    await page.getByText("運用環境に反映しています", { exact: false }).first().waitFor();
    // The screen is rebuilt around the new app once it is live.
    await page.locator("[data-ready=true] [data-setting='history.fields.result']").waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>("[data-setting='history.appId']")?.firstElementChild as { value?: string } | null;
      return Boolean(el?.value);
    });
    history = String(await control(page, "history.appId"));
    expect(history).not.toBe("");
    expect(await control(page, "history.fields.result")).toBe("対応結果");
    expect(await control(page, "history.fields.callId")).toBe("CallID");
    expect(await control(page, "history.fields.agent")).toBe("担当者");
    expect(await page.getByLabel("APIトークン", { exact: true }).inputValue()).toBe(typedToken);
    expect(await secretField(page, "customerApiToken").inputValue()).toBe(customerToken);
    for (const secret of [typedToken, customerToken]) expect(await page.content()).not.toContain(secret);
    // Nothing of it is saved yet: leaving asks first.
    await page.getByRole("button", { name: "キャンセル" }).click();
    const leave = page.getByRole("dialog");
    await expect.poll(() => leave.innerText()).toContain("保存していない変更があります");
    await leave.getByRole("button", { name: "編集を続ける" }).click();

    const { apps } = await admin().app.getApps({ spaceIds: [SPACE] });
    expect(apps.filter((a) => a.name === "通話履歴").map((a) => a.appId)).toEqual([history]);
    expect((await admin().app.getFormFields({ app: history })).properties.CallID).toMatchObject({ unique: true });

    // What is left by hand: each app's token page, and which permissions to tick.
    const links = await page.locator(".cc-app-setup-tokens a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual([`${sb.url}/k/admin/app/apitoken?app=${customer}`, `${sb.url}/k/admin/app/apitoken?app=${history}`]);
    expect(await page.locator(".cc-app-setup-tokens").innerText()).toContain("レコード編集");
    await page.screenshot({ path: screenshotPath("config-app-setup"), fullPage: true });
    await page.close();
  }, 60_000);

  it("never makes a second one: the app made before is offered instead", async () => {
    const page = await openConfig();
    await expect.poll(() => page.locator("[data-setting='app-setup']").innerText()).toContain(`アプリ ${history}`);
    expect(await page.getByRole("button", { name: "通話履歴アプリを作成" }).count()).toBe(0);
    await page.getByRole("button", { name: "このアプリを使う" }).click();
    await page.locator("[data-ready=true]").waitFor();
    await expect.poll(() => control(page, "history.appId")).toBe(history);
    expect((await admin().app.getApps({ name: "通話履歴", spaceIds: [SPACE] })).apps).toHaveLength(1);

    // The customer form lacks the panel: adding it warns first, then changes and deploys the form.
    await page.getByRole("button", { name: "顧客アプリのフォームに追加" }).click();
    await page.getByText("変更はこのアプリを使うすべてのユーザーに反映されます", { exact: false }).waitFor();
    await page.getByRole("button", { name: "変更して更新する" }).click();
    await expect
      .poll(async () => JSON.stringify((await admin().app.getFormLayout({ app: customer })).layout), { timeout: 20_000 })
      .toContain('"elementId":"call_history"');
    const fields = (await admin().app.getFormFields({ app: customer })).properties;
    expect(Object.values(fields).find((f) => f.type === "REFERENCE_TABLE")).toMatchObject({
      referenceTable: { relatedApp: { app: history }, condition: { field: "電話番号", relatedField: "TEL" } },
    });
    await page.locator("[data-ready=true]").waitFor();
    await expect.poll(() => control(page, "history.panelSpaceId")).toBe("call_history");
    await page.close();
  }, 60_000);

  it("refuses a pasted token that lacks a permission, naming the permission", async () => {
    const page = await openConfig();
    await page.getByRole("button", { name: "このアプリを使う" }).click();
    await page.locator("[data-ready=true]").waitFor();
    const lacking = sb.sandbox.emulator.tokens.create(Number(history), { view: true, add: true, edit: false, delete: false });
    const full = sb.sandbox.emulator.tokens.create(Number(customer), { view: true, add: true, edit: true, delete: false });
    await page.locator("[data-setting='secrets.historyApiToken'] input").fill(lacking);
    await page.locator("[data-setting='secrets.customerApiToken'] input").fill(full);
    await page.getByRole("button", { name: "保存", exact: true }).click();
    const historyRow = page.locator("[data-setting='secrets.historyApiToken']");
    await expect.poll(() => historyRow.innerText()).toContain("レコード編集");
    expect(await historyRow.innerText()).not.toContain("レコード閲覧");
    expect(await page.locator("[data-setting='secrets.customerApiToken']").innerText()).not.toContain("アクセス権がありません");
    await page.close();
  }, 60_000);

  it("with valid tokens pasted and the settings saved, a customer's record lists its calls in the panel", async () => {
    const page = await openConfig();
    const customerToken = fullToken(customer);
    const connectorUrl = `${sb.url}/connector/`;
    await page.getByLabel("APIのURL").fill(`${sb.url}/callconnect/`);
    await page.getByLabel("APIトークン", { exact: true }).fill("callconnect-token-x");
    await page.getByLabel("コネクタのURL(空欄ならコネクタを使いません)").fill(connectorUrl);
    await page.getByLabel("コネクタの共有シークレット").fill(sb.sandbox.connectorSecret);
    await secretField(page, "customerApiToken").fill(customerToken);
    // Choosing the app rebuilds the screen; the secrets typed so far go into the save below.
    await page.getByRole("button", { name: "このアプリを使う" }).click();
    await page.locator("[data-ready=true]").waitFor();
    await expect.poll(() => control(page, "history.appId")).toBe(history);
    expect(await secretField(page, "customerApiToken").inputValue()).toBe(customerToken);

    const historyToken = fullToken(history);
    await secretField(page, "historyApiToken").fill(historyToken);
    await row(page, "customer.phoneFields").getByRole("option", { name: "電話番号 (電話番号)" }).click();
    await row(page, "clickToCall.phoneFields").getByRole("option", { name: "電話番号 (電話番号)" }).click();
    await row(page, "history.enabled").getByRole("switch").dispatchEvent("click");
    await pick(page, "history.panelSpaceId", "スペース「call_history」");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    // Registered with the connector: the screen stays to show the webhook URLs.
    await expect
      .poll(() => row(page, "connector.registration").locator("input").first().inputValue(), { timeout: 15_000 })
      .toContain(`/webhooks/callconnect/${customer}`);
    const kept = await page.evaluate((url) => kintone.plugin.app.getProxyConfig(url, "PUT")?.data ?? {}, connectorUrl);
    expect(kept).toMatchObject({ customerApiToken: customerToken, historyApiToken: historyToken });
    for (const secret of [customerToken, historyToken]) expect(await page.content()).not.toContain(secret);
    await page.close();

    const created = await admin().record.addRecord({
      app: customer,
      record: { 会社名: { value: "株式会社パネル" }, 電話番号: { value: "03-5555-0101" } },
    });
    // One call for that number, written with the pasted history token as the connector would.
    const asConnector = new KintoneRestAPIClient({ baseUrl: sb.url, auth: { apiToken: historyToken } });
    await asConnector.record.addRecord({
      app: history,
      record: {
        TEL: { value: "03-5555-0101" },
        CallID: { value: "panel-1" },
        日時: { value: "2026-12-01T01:00:00Z" },
        Memo: { value: "見積の件で折り返し" },
      },
    });
    const detail = await context.newPage();
    await detail.goto(`${sb.url}/k/${customer}/show#record=${created.id}`);
    await detail.locator("[data-cc-history][aria-busy=false]").waitFor();
    expect(await detail.locator("[data-cc-history] .cc-history-memo").allTextContents()).toEqual(["見積の件で折り返し"]);
    const inSpace = await detail.evaluate(
      () => kintone.app.record.getSpaceElement("call_history")?.querySelector("[data-cc-history]") !== null,
    );
    expect(inSpace).toBe(true);
    await detail.screenshot({ path: screenshotPath("config-app-setup-panel"), fullPage: true });
    await detail.close();
  }, 90_000);
});
