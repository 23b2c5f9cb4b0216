// Screen pop in real Chromium on the whole sandbox: two agents signed in at once (yamada, smith), rings sent by
// the CallConnect simulator through the connector's webhook, cards drawn by the plugin's build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

let sb: TestSandbox;
let browser: Browser;
const contexts: BrowserContext[] = [];

type Rec = Record<string, { value: unknown }>;

async function kintone<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const resp = await fetch(`${sb.url}${path}`, {
    method,
    headers: { ...authHeader(), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await resp.json()) as T;
}

async function sim<T>(path: string, body: unknown): Promise<T> {
  const resp = await fetch(`${sb.url}/callconnect/sim/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!resp.ok) throw new Error(`sim ${path}: ${resp.status} ${await resp.text()}`);
  return (await resp.json()) as T;
}
const ring = (number: string, agent: string | string[]) =>
  sim<{ callId: string | number }>("ring", { number, agent }).then((r) => String(r.callId));

async function agentPage(user: string, path = "/k/1/"): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader(user) });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`${sb.url}${path}`);
  await page.locator("body[data-k-ready=true]").waitFor();
  return page;
}

/** The corner the cards stack in, for the README's pictures. */
const CARD_AREA = { x: 760, y: 0, width: 520, height: 560 };

const card = (page: Page, callId: string) => page.locator(`[data-cc-pop="${callId}"]`);

async function addCustomer(record: Record<string, string>): Promise<string> {
  const r = await kintone<{ id: string }>("/k/v1/record.json", "POST", {
    app: 1,
    record: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, { value: v }])),
  });
  return r.id;
}

beforeAll(async () => {
  sb = await startTestSandbox({ withConnector: true });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await sb?.close();
});

describe("a ring for one agent", () => {
  it("pops yamada's card with the right customer within 2 s, and nothing for smith", async () => {
    const yamada = await agentPage("yamada");
    const smith = await agentPage("smith");
    // Let both streams connect before the ring.
    await yamada.waitForTimeout(500);
    const { record } = await kintone<{ record: Rec }>("/k/v1/record.json?app=1&id=1");
    const started = Date.now();
    const callId = await ring(String(record.電話番号!.value), "yamada");
    const pop = card(yamada, callId);
    await pop.locator(".cc-pop-name").waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pop.locator(".cc-pop-name").innerText()).toBe(String(record.担当者名!.value));
    expect(await pop.locator(".cc-pop-state").innerText()).toBe("着信中");
    await yamada.screenshot({ path: screenshotPath("screen-pop-one"), clip: CARD_AREA });
    await smith.waitForTimeout(700);
    expect(await smith.locator("[data-cc-pop]").count()).toBe(0);

    // 開く opens the record; the card closes in yamada's other tabs.
    const second = await yamada.context().newPage();
    await second.goto(`${sb.url}/k/1/`);
    await second.locator("body[data-k-ready=true]").waitFor();
    await card(second, callId).waitFor({ timeout: 3000 });
    await pop.locator(".cc-pop-open button, button.cc-pop-open, .cc-pop-open").first().click();
    await yamada.waitForURL(/\/k\/1\/show#record=1$/);
    await expect.poll(() => card(second, callId).count(), { timeout: 3000 }).toBe(0);
    await sim("calls/" + callId + "/end", { result: "no_answer" });
  });
});

describe("on kintone's mobile pages", () => {
  it("the same card pops on a phone-sized mobile list", async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 800 }, extraHTTPHeaders: authHeader("yamada") });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/m/1/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    await page.waitForTimeout(300);
    const { record } = await kintone<{ record: Rec }>("/k/v1/record.json?app=1&id=3");
    const callId = await ring(String(record.電話番号!.value), "yamada");
    await card(page, callId).locator(".cc-pop-name").waitFor({ timeout: 3000 });
    expect(await card(page, callId).locator(".cc-pop-name").innerText()).toBe(String(record.担当者名!.value));
    await sim(`calls/${callId}/end`, { result: "no_answer" });
  });
});

describe("who is calling", () => {
  it("a shared number lists every customer that has it, most recently updated first", async () => {
    const number = "03-6666-0102";
    const older = await addCustomer({ 会社名: "株式会社共有", 担当者名: "先に 登録", 電話番号: number });
    const newer = await addCustomer({ 会社名: "株式会社共有", 担当者名: "後で 登録", 携帯電話: "", 電話番号: "+81 3 6666 0102" });
    const page = await agentPage("yamada");
    await page.waitForTimeout(300);
    const callId = await ring(number, "yamada");
    const rows = card(page, callId).locator("[data-cc-pop-customer]");
    await expect.poll(() => rows.count(), { timeout: 3000 }).toBe(2);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-cc-pop-customer")))).toEqual([newer, older]);
    expect(await card(page, callId).innerText()).toContain("2件");
    await page.screenshot({ path: screenshotPath("screen-pop-many"), clip: CARD_AREA });
    await sim(`calls/${callId}/end`, { result: "no_answer" });
  });

  it("with 顧客作成 on, an unknown caller is shown as the customer the connector creates — one, never two", async () => {
    const number = "03-6666-0103";
    const page = await agentPage("yamada");
    await page.waitForTimeout(300);
    const callId = await ring(number, "yamada");
    const name = card(page, callId).locator(".cc-pop-customer");
    await name.waitFor({ timeout: 5000 }).catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}\ncard: ${await card(page, callId)
          .evaluate((el) => el.outerHTML)
          .catch(() => "(none)")}`,
      );
    });
    const shownId = await name.getAttribute("data-cc-pop-customer");
    await sim(`calls/${callId}/end`, { result: "no_answer" });
    await expect
      .poll(
        async () => {
          await sb.sandbox.simulator.drainWebhooks();
          await sb.sandbox.connector?.runOnce();
          const q = encodeURIComponent(`電話番号 = "${number}" or 携帯電話 = "${number}"`);
          return (await kintone<{ records: Rec[] }>(`/k/v1/records.json?app=1&query=${q}`)).records.map((r) => r.$id!.value);
        },
        { timeout: 10_000 },
      )
      .toEqual([shownId]);
  });

  it("a URL pop (what a phone system without the connector opens) of an unknown number opens the create form with the number filled in", async () => {
    const page = await agentPage("smith", `/k/1/?callconnect_number=${encodeURIComponent("+81366660104")}`);
    const pop = page.locator('[data-cc-pop="url:+81366660104"]');
    await pop.waitFor({ timeout: 3000 });
    expect(await pop.locator(".cc-pop-number").innerText()).toBe("03-6666-0104");
    await expect.poll(() => pop.innerText()).toContain("This number is not registered."); // smith reads English
    await page.screenshot({ path: screenshotPath("screen-pop-unknown"), clip: CARD_AREA });
    await pop.locator(".cc-pop-create").click();
    await page.waitForURL(/\/k\/1\/edit\?/);
    await page.locator("body[data-k-ready=true]").waitFor();
    await expect.poll(() => page.locator('[data-field-code="電話番号"] input').inputValue()).toBe("03-6666-0104");
  });
});

describe("reliability and the wrap-up", () => {
  it("the connector restarted during the ring still pops; the wrap-up lands in the call's one history record", async () => {
    const page = await agentPage("yamada");
    await page.waitForTimeout(300);
    const { record } = await kintone<{ record: Rec }>("/k/v1/record.json?app=1&id=2");
    await sb.sandbox.restartConnector();
    const callId = await ring(String(record.電話番号!.value), "yamada");
    const pop = card(page, callId);
    await pop.locator(".cc-pop-name").waitFor({ timeout: 8000 });
    await sim(`calls/${callId}/answer`, {});
    await expect.poll(() => pop.locator(".cc-pop-state").innerText(), { timeout: 5000 }).toBe("通話中");
    await sim(`calls/${callId}/end`, { result: "answered" });
    await expect.poll(() => pop.locator(".cc-pop-state").innerText(), { timeout: 5000 }).toBe("通話終了");
    const wrap = pop.locator("[data-cc-pop-wrapup]");
    await wrap.locator(".cc-pop-result button, .cc-pop-result [role=combobox], .cc-pop-result").first().click();
    await page.getByRole("option", { name: "受注" }).click();
    await wrap.locator(".cc-pop-memo textarea").fill("来週訪問");
    await page.screenshot({ path: screenshotPath("screen-pop-wrapup"), clip: CARD_AREA });
    await wrap.locator(".cc-pop-save").click();
    await expect.poll(() => wrap.innerText()).toContain("保存しました");
    await expect
      .poll(
        async () => {
          await sb.sandbox.simulator.drainWebhooks();
          await sb.sandbox.connector?.runOnce();
          const q = encodeURIComponent(`CallID = "${callId}"`);
          const recs = (await kintone<{ records: Rec[] }>(`/k/v1/records.json?app=2&query=${q}`)).records;
          return recs.map((r) => [r.対応結果!.value, r.Memo!.value, r.Status!.value !== ""]);
        },
        { timeout: 10_000 },
      )
      .toEqual([["受注", "【対応メモ】来週訪問", true]]);
  });
});
