// 通話履歴アプリを作成 on the sandbox's real config page, in Chromium: on a customer app without a history app, the
// button makes one in the app's space, deploys it and fills the mappings; the customer form gets its Space and
// 関連レコード一覧 after a warning; a pasted token lacking a permission is refused, naming it.
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
  sb = await startTestSandbox();
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

const control = (page: Page, target: string) =>
  page.evaluate((t) => {
    const el = document.querySelector<HTMLElement>(`[data-setting="${t}"]`)?.firstElementChild as { value?: unknown } | null;
    return el?.value;
  }, target);

describe("the config screen's app setup", () => {
  let history = "";

  it("creates the history app in the customer app's space, deploys it and fills the mappings", async () => {
    const page = await openConfig();
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
});
