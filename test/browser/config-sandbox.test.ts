// The config screen on the sandbox's real plugin config page, against its kintone emulator and CallConnect simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";

// test/helpers/sandbox.ts is engineer C's; until it lands there is nothing to run this against.
const helperPath = "test/helpers/sandbox.ts";
const hasSandbox = existsSync(helperPath);

interface TestSandbox {
  url: string;
  pluginId: string;
  close(): Promise<void>;
}

let sandbox: TestSandbox;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!hasSandbox) return;
  const helperUrl = new URL("../helpers/sandbox.ts", import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ helperUrl)) as { startTestSandbox(): Promise<TestSandbox> };
  sandbox = await mod.startTestSandbox();
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    extraHTTPHeaders: { "X-Cybozu-Authorization": Buffer.from("Administrator:sandbox").toString("base64") },
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sandbox?.close();
});

/** A port that was just free: connecting to it is refused (fetch itself refuses "bad ports" such as 1). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const configUrl = () => `${sandbox.url}/k/admin/app/1/plugin/config?pluginId=${sandbox.pluginId}`;
const row = (page: Page, target: string) => page.locator(`[data-setting="${target}"]`);

async function openConfig(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(configUrl());
  await page.locator("[data-ready=true]").waitFor();
  return page;
}

async function pick(page: Page, target: string, option: string): Promise<void> {
  await row(page, target).getByRole("button").first().click();
  await row(page, target).getByRole("option", { name: option, exact: true }).click();
}

function snapshot(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => {
    const out: Record<string, unknown> = {};
    for (const el of document.querySelectorAll<HTMLElement>("[data-setting]")) {
      const control = el.firstElementChild as (HTMLElement & { value?: unknown; checked?: unknown }) | null;
      if (!control || el.classList.contains("cc-secret")) continue;
      if (typeof control.checked === "boolean") out[el.dataset.setting!] = control.checked;
      else if (control.value !== undefined) out[el.dataset.setting!] = JSON.parse(JSON.stringify(control.value));
    }
    return out;
  });
}

describe.skipIf(!hasSandbox)("config screen on the sandbox", () => {
  it("loads the seeded settings and checks the connection against the CallConnect simulator", async () => {
    const page = await openConfig();
    expect(await page.getByLabel("APIのURL").inputValue()).toBe(`${sandbox.url}/callconnect/`);
    expect(await row(page, "secrets.callconnectToken").innerText()).toContain("保存済み");
    // Blank token: the saved one is read back from the proxy config.
    await page.getByRole("button", { name: "接続確認" }).click();
    await expect.poll(() => row(page, "callconnect.check").innerText()).toMatch(/^接続できました/);
    await page.getByLabel("APIトークン", { exact: true }).fill("definitely-wrong-token");
    await page.getByRole("button", { name: "接続確認" }).click();
    await expect.poll(() => row(page, "callconnect.check").locator("p").innerText()).toMatch(/^APIトークンが正しくありません\(401\)。/);
    // Nothing listens there: the sandbox's proxy passes Node's error on, and the screen words it.
    await page.getByLabel("APIのURL").fill(`http://127.0.0.1:${await closedPort()}/`);
    await page.getByRole("button", { name: "接続確認" }).click();
    await expect
      .poll(() => row(page, "callconnect.check").locator("p").innerText())
      .toMatch(/^コールコネクトのサーバーに接続を拒否されました。/);
    expect(await row(page, "callconnect.check").locator("details code").textContent()).toContain("ECONNREFUSED");
    await page.close();
  });

  it("shows validation errors beside fields, then saves, and a reload shows the same values without the typed token", async () => {
    const page = await openConfig();
    expect(await row(page, "customer.subtable").innerText()).toContain("連絡先電話");
    await page.getByLabel("APIのURL").fill("http://callconnect.example/");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect.poll(() => row(page, "callconnect.baseUrl").innerText()).toContain("https:// のURLを入力してください");

    await page.getByLabel("APIのURL").fill(`${sandbox.url}/callconnect/`);
    await pick(page, "customer.fields.memo", "(連携しない)");
    await pick(page, "customer.fields.address", "住所 (住所)");
    const typed = "typed-token-4b7e19";
    await page.getByLabel("APIトークン", { exact: true }).fill(typed);
    const before = await snapshot(page);
    expect(before["customer.fields.memo"]).toBe("");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    // With the connector configured the screen stays to show the webhook URLs (or why registration failed).
    await expect.poll(() => row(page, "connector.registration").innerText(), { timeout: 15_000 }).not.toBe("");
    expect(await page.content()).not.toContain(typed);

    const again = await openConfig();
    expect(await snapshot(again)).toEqual(before);
    const stored = await again.evaluate(() => JSON.stringify(kintone.plugin.app.getConfig(kintone.$PLUGIN_ID)));
    expect(stored).not.toContain(typed);
    expect(await again.content()).not.toContain(typed);
    await again.screenshot({ path: screenshotPath("config-screen"), fullPage: true });
    await page.close();
    await again.close();
  });
});
