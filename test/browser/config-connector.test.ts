// The connector panel of the config screen on the sandbox with its real connector: status in plain words, the
// webhook URLs of an app registered earlier, and 今すぐ同期 followed until the connector says it is done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/browser";
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

describe("connector panel", () => {
  it("shows the last sync in plain words and follows 今すぐ同期 to its end", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, extraHTTPHeaders: authHeader("Administrator") });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${sb.url}/k/admin/app/1/plugin/config?pluginId=${sb.pluginId}`);
    await page.locator("[data-ready=true]").waitFor();
    const panel = page.locator('[data-setting="connector.status"]');
    // The seed registers app 1 on start; its first import reads the 40 seeded customers.
    await expect.poll(() => panel.innerText(), { timeout: 20_000 }).toMatch(/初回取り込み: 40件を読み取り/);
    expect(await panel.innerText()).not.toMatch(/lastSync|kintoneRequests|syncing/);
    // Registered by the seed, not by this page: the URLs still show.
    const hooks = page.locator('[data-setting="connector.registration"] input');
    expect(await hooks.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
      expect.stringMatching(/\/webhooks\/callconnect\/1\?key=/),
      expect.stringMatching(/\/webhooks\/kintone\/1\?key=/),
    ]);

    await panel.getByRole("button", { name: "今すぐ同期" }).click();
    await expect.poll(() => panel.locator("p[role=status]").innerText(), { timeout: 30_000 }).toBe("同期が終わりました。");
    expect(await panel.innerText()).toMatch(/(手動同期|差分同期|初回取り込み|削除の照合): \d+件を読み取り/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
