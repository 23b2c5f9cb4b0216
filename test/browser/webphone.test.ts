// The web phone in real Chromium: the call from click-to-call ends with three webhook deliveries, data stays text.
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
      res.writeHead(200).end();
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

  it("reacts when the named window is reloaded with another number, and takes incoming calls", async () => {
    await page.goto(`${base}phone?number=${encodeURIComponent("090-8765-4321")}`);
    await expect(page.getByTestId("number").textContent()).resolves.toBe("090-8765-4321");
    await expect(page.getByTestId("customer").textContent()).resolves.toContain("未登録の番号");
    await page.getByLabel("発信元番号").fill("０３－２２２２－３３３３");
    await page.getByRole("button", { name: /着信/ }).click();
    await page.waitForURL(/direction=incoming/);
    await expect(page.locator("h1").textContent()).resolves.toContain("着信中");
    await expect(page.getByTestId("number").textContent()).resolves.toBe("03-2222-3333");
    await expect(page.getByTestId("customer").textContent()).resolves.toContain(HOSTILE);
    await page.screenshot({ path: screenshotPath("webphone-incoming"), fullPage: true });
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
    await page.getByRole("button", { name: /通話終了/ }).click();
    await page.waitForURL(/\/phone\/calls\/\d+$/);
    await sim.drainWebhooks();
    expect(received.map((f) => f.get("record[event]"))).toEqual(["call_missed"]);
    expect(received[0]!.get("record[status]")).toBe("201");
    await page.goto(`${base}phone`);
    await expect(page.locator("h1").textContent()).resolves.toContain("待機中");
    const recent = page.locator("table.recent tbody tr");
    expect(await recent.count()).toBe(2);
    await expect(recent.first().textContent()).resolves.toMatch(/不在[\s\S]*送信済み/);
  });
});
