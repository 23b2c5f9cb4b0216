// The whole sandbox as `npm start` runs it: click a number on a customer record, end the call on the web phone,
// and the call comes back into kintone through the connector (webhook → 通話履歴 → the record's related list).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

let sb: TestSandbox;
let browser: Browser;

beforeAll(async () => {
  sb = await startTestSandbox({ withConnector: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

type Rec = Record<string, { value: unknown }>;
async function callsWithMemo(memo: string): Promise<Rec[]> {
  const query = encodeURIComponent(`Memo like "${memo}"`);
  const resp = await fetch(`${sb.url}/k/v1/records.json?app=2&query=${query}`, { headers: authHeader() });
  return ((await resp.json()) as { records: Rec[] }).records;
}

describe("click-to-call round trip", () => {
  it("a call started from a record and ended on the web phone shows up in the record's call history, credited to who clicked", async () => {
    // smith: neither the first agent in any list nor the administrator, so a wrong default would show.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader("smith") });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/1/show#record=1`);
    await page.locator("body[data-k-ready=true]").waitFor();
    const { record } = (await (await fetch(`${sb.url}/k/v1/record.json?app=1&id=1`, { headers: authHeader() })).json()) as { record: Rec };

    const link = page.locator(`[data-field-code="電話番号"] a[href*="/callconnect/phone"]`).first();
    await link.waitFor();
    const [phone] = await Promise.all([ctx.waitForEvent("page"), link.click()]);
    await phone.getByTestId("number").waitFor();
    expect(await phone.getByLabel(/担当者/).inputValue()).toBe("smith@example.com");
    const memo = `E2E通話-${Date.now()}`;
    await phone.getByLabel(/メモ/).fill(memo);
    await phone.getByRole("button", { name: /通話終了/ }).click();
    await phone.locator("[data-call-id]").waitFor();

    await expect
      .poll(
        async () => {
          await sb.sandbox.simulator.drainWebhooks();
          await sb.sandbox.connector?.runOnce();
          return (await callsWithMemo(memo)).length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const [call] = await callsWithMemo(memo);
    expect(call!.TEL!.value).toBe(record.電話番号!.value);
    expect(call!.担当者!.value).toEqual([{ code: "smith", name: "John Smith" }]);

    await page.reload();
    await page.locator("body[data-k-ready=true]").waitFor();
    await expect.poll(() => page.locator(`[data-field-code="通話履歴"]`).innerText()).toContain(memo);
    await page.screenshot({ path: screenshotPath("sandbox-call-history"), fullPage: true });
    await ctx.close();
  });
});
