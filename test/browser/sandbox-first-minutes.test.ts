// The sandbox's first minutes in real Chromium: a record link survives the sign-in (hash included), the login
// page lists who to sign in as, long values do not widen the list view, the portal links the tools, and a
// table's cells are drawn like fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

let sb: TestSandbox;
let browser: Browser;

beforeAll(async () => {
  sb = await startTestSandbox();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

async function addCustomer(record: Record<string, unknown>): Promise<string> {
  const resp = await fetch(`${sb.url}/k/v1/record.json`, {
    method: "POST",
    headers: { ...authHeader(), "content-type": "application/json" },
    body: JSON.stringify({ app: 1, record }),
  });
  return ((await resp.json()) as { id: string }).id;
}

describe("sign-in", () => {
  it("opens the record a signed-out link pointed at, hash included, after signing in", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/1/show#record=3`);
    await page.waitForURL(/\/login\?next=/);
    await page.screenshot({ path: screenshotPath("sandbox-login"), fullPage: true });
    await page.getByLabel(/ログイン名/).fill("yamada");
    await page.getByLabel(/パスワード/).fill("sandbox");
    await page.getByRole("button", { name: /ログイン/ }).click();
    await page.waitForURL(`${sb.url}/k/1/show#record=3`);
    await page.locator("body[data-k-ready=true]").waitFor();
    expect(await page.locator(".k-record").getAttribute("data-record-id")).toBe("3");
    expect(await page.locator(".k-error-banner").count()).toBe(0);
    await ctx.close();
  });

  it("lists every user with their password, and a row fills the form", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/login`);
    const rows = page.locator("table.k-login-users tbody tr");
    expect(await rows.locator("td:first-child").allTextContents()).toEqual(["Administrator", "brown", "yamada", "smith"]);
    expect(new Set(await rows.locator("td:nth-child(2)").allTextContents())).toEqual(new Set(["sandbox"]));
    await rows.filter({ hasText: "brown" }).click();
    await page.getByRole("button", { name: /ログイン/ }).click();
    await page.waitForURL(`${sb.url}/k/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    expect(await page.evaluate(() => kintone.getLoginUser())).toMatchObject({ code: "brown", language: "en" });
    await ctx.close();
  });
});

describe("list view", () => {
  it("wraps and cuts a long unbroken value inside its column, as kintone does, on desktop and mobile", async () => {
    const long = "W".repeat(10_000);
    const id = await addCustomer({ 会社名: { value: long }, 住所: { value: "東京都".repeat(2000) } });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader() });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/1/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    const cell = page.locator(`tr[data-record-id="${id}"] td[data-field="会社名"]`);
    const box = await cell.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(340);
    expect(box!.height).toBeLessThan(200);
    expect(await cell.locator(".k-value").getAttribute("title")).toBe(long);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThan(3000);
    await page.screenshot({ path: screenshotPath("sandbox-list-long-values") });
    await page.goto(`${sb.url}/k/m/1/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await ctx.close();
  });
});

describe("portal", () => {
  it("links the web phone as the signed-in agent and the app's plug-in settings", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader() });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    const tools = page.getByRole("navigation", { name: "ツール" });
    expect(await tools.getByRole("link").allTextContents()).toEqual(
      expect.arrayContaining(["ウェブ電話", "CallConnect 管理", expect.stringMatching(/^顧客管理: /)]),
    );
    expect(await page.locator(".k-apps a").count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: screenshotPath("sandbox-portal"), fullPage: true });
    await tools.getByRole("link", { name: "ウェブ電話" }).click();
    await page.waitForURL(/\/callconnect\/phone\?user=Administrator$/);
    await page.goto(`${sb.url}/k/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    await tools.getByRole("link", { name: /^顧客管理: / }).click();
    await page.waitForURL(/\/k\/admin\/app\/1\/plugin\/config\?pluginId=/);
    await ctx.close();
  });
});

describe("CallConnect's outage switch", () => {
  it("lets a user make CallConnect fail from its admin page, and the plugin's outbox keeps the change", async () => {
    const id = await addCustomer({ 会社名: { value: "障害テスト" }, 電話番号: { value: "03-7777-0001" } });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader() });
    const page = await ctx.newPage();
    try {
      await page.goto(`${sb.url}/callconnect/admin`);
      await page.getByLabel(/エラー（503 を返す）/).check();
      await page.getByRole("button", { name: /切り替え/ }).click();
      await page.getByTestId("outage").waitFor();
      await page.screenshot({ path: screenshotPath("callconnect-admin-outage"), fullPage: true });

      await page.goto(`${sb.url}/k/1/show#record=${id}&mode=edit`);
      await page.locator('[name="担当者名"]').fill("障害中に変更");
      await page.locator(".k-save").click();
      await page.waitForURL((u) => u.hash === `#record=${id}`);
      await page.getByText("まだコールコネクトに反映されていません").waitFor();
      const outbox = await page.evaluate(
        (key) => JSON.parse(localStorage.getItem(key) ?? "[]") as { key: string }[],
        `callconnect-outbox:${sb.pluginId}:1`,
      );
      expect(outbox.map((e) => e.key)).toEqual([`kintone-1-${id}`]);
    } finally {
      await page.goto(`${sb.url}/callconnect/admin`);
      await page.getByLabel(/正常/).check();
      await page.getByRole("button", { name: /切り替え/ }).click();
      await ctx.close();
    }
    expect(sb.sandbox.simulator.outageMode()).toBe("normal");
  });
});

describe("tables on the record page", () => {
  it("draws each cell of a table like its field, and, as kintone, gives no field element inside a table", async () => {
    const id = await addCustomer({
      会社名: { value: "表の会社" },
      連絡先: { value: [{ value: { 連絡先電話: { value: "03-1111-2222" } } }, { value: { 連絡先電話: { value: "<b>090</b>" } } }] },
    });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader() });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/1/show#record=${id}`);
    await page.locator("body[data-k-ready=true]").waitFor();
    const cells = page.locator('table[data-subtable="連絡先"] tbody td[data-field-code="連絡先電話"]');
    expect(await cells.count()).toBe(2);
    expect(await cells.nth(0).textContent()).toContain("03-1111-2222");
    expect(await cells.nth(1).textContent()).toBe("<b>090</b>");
    expect(await page.locator('table[data-subtable="連絡先"] b').count()).toBe(0);
    expect(await page.evaluate(() => kintone.app.record.getFieldElement("連絡先電話"))).toBeNull();
    await ctx.close();
  });
});
