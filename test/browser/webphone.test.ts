// The web phone in real Chromium: the call from click-to-call ends with three webhook deliveries, data stays text;
// a call in progress is never replaced, the agent is who clicked, bad numbers and over-long memos are refused
// with a sentence, and the ended page follows its deliveries live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { createCallConnectSimulator, type CallConnectSimulator } from "../../src/sandbox/callconnect-simulator/index";

const TOKEN = "browser-test-token";
const HOSTILE = "<img src=x onerror=alert(1)>";

let dir: string;
let db: Database.Database;
let server: Server;
let receiver: Server;
let sim: CallConnectSimulator;
let base: string;
let browser: Browser;
let page: Page;
const received: URLSearchParams[] = [];
const problems: string[] = [];
/** While set, the receiver holds its answers until released (a slow connector). */
let hold: Promise<void> | null = null;

const listen = (s: Server) => new Promise<number>((ok) => s.listen(0, "127.0.0.1", () => ok((s.address() as AddressInfo).port)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-phone-"));
  db = new Database(join(dir, "sandbox.db"));
  server = createServer((req, res) => void sim.handle(req, res).then((mine) => mine || res.writeHead(404).end()));
  const port = await listen(server);
  base = `http://127.0.0.1:${port}/callconnect/`;
  sim = createCallConnectSimulator({ db, publicUrl: `http://127.0.0.1:${port}`, apiToken: TOKEN, logger: pino({ level: "silent" }) });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      void (hold ?? Promise.resolve()).then(() => res.writeHead(200).end());
    });
  });
  sim.setWebhookTargets([{ url: `http://127.0.0.1:${await listen(receiver)}/hook?key=k` }]);
  const put = await fetch(`${base}api/v1/customers/external/kintone-1-7`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: HOSTILE, company: "株式会社<b>太字</b>", numbers: ["+81322223333"], updated_at: "2026-11-24T05:00:00Z" }),
  });
  expect(put.status).toBe(201);
  browser = await launchChromium();
  page = await browser.newPage({ locale: "ja-JP" });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
});

afterAll(async () => {
  await browser?.close();
  await sim?.drainWebhooks();
  await new Promise((ok) => server.close(ok));
  await new Promise((ok) => receiver.close(ok));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web phone", () => {
  it("shows a hostile customer name as text", async () => {
    await page.goto(`${base}phone?number=${encodeURIComponent("03-2222-3333")}`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-2222-3333");
    const customer = page.getByTestId("customer");
    await expect(customer.textContent()).resolves.toContain(HOSTILE);
    await expect(customer.textContent()).resolves.toContain("株式会社<b>太字</b>");
    expect(await page.locator("main img, main b").count()).toBe(0);
    await page.waitForFunction(() => document.querySelector("[data-started]")?.textContent !== "", null, { timeout: 5000 });
    expect(problems).toEqual([]);
  });

  it("ends an answered call with memo and hold: three webhooks, two recordings, 連携 送信済み", async () => {
    await page.getByLabel("メモ").fill("見積書を送付");
    await page.getByLabel("保留あり").check();
    await page.getByLabel("担当者").selectOption("admin@example.com");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/callconnect\/phone\/calls\/\d+$/);
    await page.getByTestId("delivery-overall").filter({ hasText: "送信済み" }).waitFor({ timeout: 15_000 });
    await sim.drainWebhooks();
    expect(received.map((f) => f.get("record[event]"))).toEqual(["call_ended", "memo_saved", "transcription_done"]);
    expect(received.every((f) => f.getAll("record[recording_urls][]").length === 2)).toBe(true);
    expect(received[0]!.get("contact[name]")).toBe(HOSTILE);
    expect(received[1]!.get("record[memo]")).toBe("見積書を送付");
    expect(received[2]!.get("record[user_name]")).toBe("Administrator");
    expect(await page.locator("audio").count()).toBe(2);
    // The recording is a real WAV Chromium can decode: about 1.5 seconds long.
    const seconds = await page
      .locator("audio")
      .first()
      .evaluate(
        (el: HTMLAudioElement) =>
          new Promise<number>((ok, fail) => {
            el.addEventListener("loadedmetadata", () => ok(el.duration), { once: true });
            el.addEventListener("error", () => fail(new Error("audio failed to load")), { once: true });
            el.preload = "metadata";
            el.load();
          }),
      );
    expect(seconds).toBeGreaterThan(1.4);
    expect(seconds).toBeLessThan(1.6);
    await page.screenshot({ path: screenshotPath("webphone-ended"), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("keeps a call in progress when another number is clicked: the memo stays, the number waits and is offered after", async () => {
    received.length = 0;
    await page.goto(`${base}phone?number=${encodeURIComponent("+819087654321")}&user=yamada`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("090-8765-4321");
    await expect(page.getByTestId("customer").textContent()).resolves.toContain("未登録の番号");
    // The agent is whoever clicked (?user=), not the first one in the list.
    expect(await page.getByLabel("担当者").inputValue()).toBe("yamada@example.com");
    await page.getByLabel("メモ").fill("折り返し希望");
    // A second click on another number navigates the same named window.
    await page.goto(`${base}phone?number=${encodeURIComponent("+81322223333")}&user=yamada`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("090-8765-4321");
    await expect(page.getByTestId("waiting").textContent()).resolves.toContain("03-2222-3333");
    expect(await page.getByLabel("メモ").inputValue()).toBe("折り返し希望");
    await page.screenshot({ path: screenshotPath("webphone-waiting"), fullPage: true });
    // Reloading the same call is the same call, not a second one.
    await page.reload();
    expect(await page.getByLabel("メモ").inputValue()).toBe("折り返し希望");

    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    await sim.drainWebhooks();
    expect(received.map((f) => f.get("record[number]"))).toEqual(["090-8765-4321", "090-8765-4321", "090-8765-4321"]);
    expect(received[1]!.get("record[memo]")).toBe("折り返し希望");
    expect(received.every((f) => f.get("record[user_email]") === "yamada@example.com" && f.get("record[user_name]") === "山田 花子")).toBe(
      true,
    );
    expect(await page.getByTestId("agent").textContent()).toBe("山田 花子");
    const next = page.getByTestId("next-call");
    await expect(next.textContent()).resolves.toContain("03-2222-3333");
    await next.getByRole("link").click();
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-2222-3333");
    await expect(page.getByTestId("customer").textContent()).resolves.toContain(HOSTILE);
    expect(await page.getByLabel("担当者").inputValue()).toBe("yamada@example.com");
    expect(await page.getByLabel("メモ").inputValue()).toBe("");
    await page.getByLabel(/不在/).check();
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    expect(problems).toEqual([]);
  });

  it("keeps the extension click-to-call passes beside the number", async () => {
    await page.goto(`${base}phone?number=${encodeURIComponent("+81527384074")}&extension=134&user=smith`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("052-738-4074 内線 134");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("052-738-4074 内線 134");
    // An empty {extension} (a number without one) adds nothing.
    await page.goto(`${base}phone?number=${encodeURIComponent("+819011112222")}&extension=&user=smith`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("090-1111-2222");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
  });

  it("asks for the agent when the phone does not know who clicked", async () => {
    await page.goto(`${base}phone?number=${encodeURIComponent("03-5555-0001")}&user=${encodeURIComponent("{user}")}`);
    await expect(page.getByTestId("unknown-user").textContent()).resolves.toContain("{user}");
    expect(await page.getByLabel("担当者").inputValue()).toBe("");
    await page.getByRole("button", { name: /通話終了/ }).click();
    // The browser's own required-field check keeps the call on the page.
    expect(await page.getByLabel("担当者").evaluate((el: HTMLSelectElement) => el.validity.valueMissing)).toBe(true);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-5555-0001");
    await page.getByLabel("担当者").selectOption("smith@example.com");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    expect(await page.getByTestId("agent").textContent()).toBe("John Smith");
  });

  it("refuses text that is not a phone number, with a sentence, and dials nothing", async () => {
    for (const bad of ["javascript:alert(1)", "abc", "<img src=x onerror=alert(1)>"]) {
      const resp = await page.goto(`${base}phone?number=${encodeURIComponent(bad)}`);
      expect(resp?.status()).toBe(400);
      await expect(page.getByTestId("refused").textContent()).resolves.toContain(`「${bad}」は電話番号ではない`);
      await expect(page.locator("h1").textContent()).resolves.toContain("待機中");
      expect(await page.locator("form.end-call").count()).toBe(0);
    }
    expect(await page.locator("main img").count()).toBe(0);
    const calls = (await (await fetch(`${base}api/v1/calls?limit=500`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      calls: { display: string }[];
    };
    expect(calls.calls.some((c) => /alert|abc/.test(c.display))).toBe(false);
    // Chromium logs each 400 page load; nothing else may have happened (no dialog, no script error).
    expect(problems.filter((p) => !p.includes("status of 400"))).toEqual([]);
    problems.length = 0;
  });

  it("says the memo is too long before ending, and keeps the call and the memo", async () => {
    received.length = 0;
    await page.goto(`${base}phone?number=${encodeURIComponent("03-5555-0002")}&user=smith`);
    const memo = page.getByLabel("メモ");
    await memo.fill("あ".repeat(10_001));
    await expect(page.locator("[data-memo-count]").textContent()).resolves.toContain("メモが長すぎます: 10,001 / 10,000 文字");
    await page.getByRole("button", { name: /通話終了/ }).click();
    expect(page.url()).not.toMatch(/\/phone\/calls\//);
    expect((await memo.inputValue()).length).toBe(10_001);
    await page.screenshot({ path: screenshotPath("webphone-memo-too-long"), fullPage: true });
    await memo.press("End");
    await memo.press("Backspace");
    await expect(page.locator("[data-memo-count]").textContent()).resolves.toContain("10,000 / 10,000 文字");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    await sim.drainWebhooks();
    expect(received.find((f) => f.get("record[event]") === "memo_saved")?.get("record[memo]")?.length).toBe(10_000);
  });

  it("follows its deliveries live: 送信中 turns into 送信済み without a reload", async () => {
    let release!: () => void;
    hold = new Promise((ok) => (release = ok));
    await page.goto(`${base}phone?number=${encodeURIComponent("03-5555-0003")}&user=smith`);
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
    await expect(page.getByTestId("delivery-overall").textContent()).resolves.toContain("送信中");
    hold = null;
    release();
    await page.getByTestId("delivery-overall").filter({ hasText: "送信済み" }).waitFor({ timeout: 15_000 });
    await expect(page.locator("table.deliveries tbody").textContent()).resolves.not.toContain("送信中");
  });

  it("takes incoming calls from the 着信 panel", async () => {
    await page.goto(`${base}phone`);
    await expect(page.locator("h1").textContent()).resolves.toContain("待機中");
    await page.getByLabel("発信元番号").fill("０３－２２２２－３３３３");
    await page.getByRole("button", { name: /着信/ }).click();
    await page.waitForURL(/direction=incoming/);
    await expect(page.locator("h1").textContent()).resolves.toContain("着信中");
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-2222-3333");
    await expect(page.getByTestId("customer").textContent()).resolves.toContain(HOSTILE);
    await page.screenshot({ path: screenshotPath("webphone-incoming"), fullPage: true });
    await page.getByLabel("担当者").selectOption("yamada@example.com");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+/);
  });
  it("picks up a call started through the API when opened without a number", async () => {
    const res = await fetch(`${base}api/v1/calls`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "idempotency-key": "browser-1" },
      body: JSON.stringify({ number: "+81322223333", display: "03-2222-3333" }),
    });
    expect(res.status).toBe(201);
    await page.goto(`${base}phone`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-2222-3333");
    received.length = 0;
    await page.getByLabel(/不在/).check();
    await page.getByLabel("担当者").selectOption("admin@example.com");
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+$/);
    await sim.drainWebhooks();
    expect(received.map((f) => f.get("record[event]"))).toEqual(["call_missed"]);
    expect(received[0]!.get("record[status]")).toBe("201");
    await page.goto(`${base}phone`);
    await expect(page.locator("h1").textContent()).resolves.toContain("待機中");
    const recent = page.locator("table.recent tbody tr");
    await expect(recent.first().textContent()).resolves.toMatch(/03-2222-3333[\s\S]*不在[\s\S]*送信済み/);
  });
});
