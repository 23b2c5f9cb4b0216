// The call-history panel on the sandbox's record detail: one request for all numbers in any notation,
// paging, timezone, empty and error states, hostile data inert.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page, Request } from "playwright-core";
import { screenshotPath } from "../helpers/browser";
import { addCustomer, startViewsFixture, type ViewsFixture } from "./views-fixture";

let fx: ViewsFixture;
beforeAll(async () => {
  fx = await startViewsFixture();
});
afterAll(async () => fx?.close());
beforeEach(() => fx.setSettings(() => undefined));

let callSeq = 0;
async function addCalls(calls: Record<string, string>[]): Promise<void> {
  const records = calls.map((c) =>
    Object.fromEntries(Object.entries({ CallID: `t-${++callSeq}`, 日時: "2026-01-01T00:00:00Z", ...c }).map(([k, v]) => [k, { value: v }])),
  );
  for (let i = 0; i < records.length; i += 100)
    await fx.kintone("POST", "/k/v1/records.json", { app: 2, records: records.slice(i, i + 100) });
}

/** The panel's own records.json requests (the related-records table of the form makes its own). */
const isPanelRequest = (r: Request) => r.url().includes("/k/v1/records.json") && decodeURIComponent(r.url()).includes("TEL_E164 in");

async function openPanel(id: string, path = `/k/1/show#record=${id}`): Promise<{ page: Page; requests: Request[]; errors: string[] }> {
  const { page, errors, context } = await fx.open("/k/1/");
  const requests: Request[] = [];
  context.on("request", (r) => void (isPanelRequest(r) && requests.push(r)));
  await page.goto(`${fx.sb.url}${path}`);
  await page.locator("[data-cc-history][aria-busy=false]").waitFor();
  return { page, requests, errors };
}

const items = (page: Page) => page.locator("[data-cc-history] .cc-history-item");
const memos = (page: Page) => page.locator("[data-cc-history] .cc-history-memo").allTextContents();

describe("call-history panel", () => {
  it("shows calls for every number of the record in every notation, newest first, in one request", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0001", 携帯電話: "080-6666-0002" });
    await addCalls([
      { TEL: "03-6666-0001", Memo: "hyphens", 日時: "2026-01-06T00:00:00Z", Direction: "outgoing", Duration: "125", 担当者: "" },
      { TEL: "0366660001", Memo: "digits", 日時: "2026-01-05T00:00:00Z" },
      { TEL: "+81 3-6666-0001", Memo: "international", 日時: "2026-01-04T00:00:00Z" },
      { TEL: "０３－６６６６－０００１", Memo: "full-width", 日時: "2026-01-03T00:00:00Z" },
      { TEL: "", TEL_E164: "+81366660001", Memo: "normalised only", 日時: "2026-01-02T00:00:00Z" },
      { TEL: "080-6666-0002", Memo: "mobile", 日時: "2026-01-01T00:00:00Z" },
      { TEL: "03-6666-0009", Memo: "someone else" },
    ]);
    const { page, requests, errors } = await openPanel(id);
    expect(await memos(page)).toEqual(["hyphens", "digits", "international", "full-width", "normalised only", "mobile"]);
    expect(requests).toHaveLength(1);
    // Dates read as kintone's own beside the panel: the related-records table shows the same call.
    const tz = await page.evaluate(() => kintone.getLoginUser().timezone);
    const expected = new Intl.DateTimeFormat("ja-JP", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date("2026-01-06T00:00:00Z"));
    expect(expected).toMatch(/^2026\/01\/0[67] \d\d:\d\d$/);
    expect(await page.locator('[data-reference="通話履歴"] tr:nth-child(2) td').first().textContent()).toBe(expected);
    const first = items(page).first();
    expect(await first.locator(".cc-history-when").textContent()).toBe(expected);
    expect(await first.locator(".cc-history-direction").textContent()).toBe("発信");
    expect(await first.locator(".cc-history-duration").textContent()).toBe("通話時間 2:05");
    expect(await page.locator("[data-cc-history] .cc-history-count").textContent()).toBe("6件中 6件を表示");
    expect(await page.locator("[data-cc-history] .cc-history-more").isHidden()).toBe(true);
    // In the configured Space field.
    expect(await page.evaluate(() => kintone.app.record.getSpaceElement("call_history")?.querySelector("[data-cc-history]") !== null)).toBe(
      true,
    );
    expect(errors).toEqual([]);
  });

  it("pages older calls with もっと見る", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0100" });
    await addCalls(
      Array.from({ length: 25 }, (_, i) => ({
        TEL_E164: "+81366660100",
        Memo: `call ${i}`,
        日時: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString().replace(".000Z", "Z"),
      })),
    );
    const { page, requests } = await openPanel(id);
    expect(await items(page).count()).toBe(20);
    expect((await memos(page))[0]).toBe("call 24");
    expect(await page.locator("[data-cc-history] .cc-history-count").textContent()).toBe("25件中 20件を表示");
    await page.getByRole("button", { name: "もっと見る" }).click();
    await page.locator("[data-cc-history] .cc-history-item").nth(24).waitFor();
    expect((await memos(page)).at(-1)).toBe("call 0");
    expect(new Set(await memos(page)).size).toBe(25);
    expect(await page.locator("[data-cc-history] .cc-history-more").isHidden()).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it("renders hostile data as text: only http(s) recordings play, transcription folded", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0200" });
    await addCalls([
      {
        TEL: "03-6666-0200",
        Memo: `<img src=x onerror="window.__pwned=1">"'><script>window.__pwned=2</script>`,
        Direction: `"><svg onload="window.__pwned=3">`,
        Status: "x".repeat(5000),
        URL: "javascript:window.__pwned=4\nhttps://rec.example.invalid/1.wav\ndata:text/html,<script>1</script>\nhttp://rec.example.invalid/2.wav",
        文字起こし: "<iframe src=javascript:window.__pwned=5></iframe>もしもし",
      },
    ]);
    const { page, errors } = await openPanel(id);
    const panel = page.locator("[data-cc-history]");
    expect(await panel.locator("audio").evaluateAll((as) => as.map((a) => (a as HTMLAudioElement).getAttribute("src")))).toEqual([
      "https://rec.example.invalid/1.wav",
      "http://rec.example.invalid/2.wav",
    ]);
    expect(await panel.locator(".cc-history-url").allTextContents()).toEqual([
      "javascript:window.__pwned=4",
      "data:text/html,<script>1</script>",
    ]);
    expect(await panel.locator("img, script, svg, iframe").count()).toBe(0);
    expect(await panel.locator(".cc-history-memo").textContent()).toContain("<img src=x");
    expect(await panel.locator("details").getAttribute("open")).toBeNull();
    await panel.locator("details summary").click();
    expect(await panel.locator(".cc-history-transcription-text").textContent()).toContain("もしもし");
    // Every link in the panel is http(s).
    expect(
      (await panel.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).protocol))).every(
        (p) => p === "http:" || p === "https:",
      ),
    ).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // A 5,000-character status does not widen the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.screenshot({ path: screenshotPath("views-history-hostile"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("says so plainly when there is no call, or no number", async () => {
    const none = await addCustomer(fx, { 電話番号: "03-6666-0300" });
    const { page } = await openPanel(none);
    expect(await page.locator("[data-cc-history] [role=status]").textContent()).toBe("この顧客の通話履歴はまだありません。");
    const text = await addCustomer(fx, { 電話番号: "お客様に確認中", 携帯電話: "" });
    const typed = await openPanel(text);
    expect(await typed.page.locator("[data-cc-history] [role=status]").textContent()).toBe(
      "「お客様に確認中」は電話番号として読み取れないため、通話履歴を探せません。",
    );
    expect(typed.requests).toHaveLength(0);
    const bare = await addCustomer(fx, { 電話番号: "" });
    const second = await openPanel(bare);
    expect(await second.page.locator("[data-cc-history] [role=status]").textContent()).toBe(
      "電話番号が入力されていないため、通話履歴はありません。",
    );
    expect(second.requests).toHaveLength(0);
  });

  it("says each thing once, labels the recordings of a held call, reads long durations and folds a long memo", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0800" });
    const memo = `1行目\n${"長".repeat(10_000)}`;
    await addCalls([
      {
        TEL: "03-6666-0800",
        Direction: "発信",
        Status: "発信通話",
        Duration: "99999999",
        Memo: memo,
        URL: "https://rec.example.invalid/1.wav\nhttps://rec.example.invalid/2.wav",
        日時: "2026-03-01T00:00:00Z",
      },
      { TEL: "03-6666-0800", Direction: "発信", Status: "応答", Duration: "3725", 日時: "2026-02-01T00:00:00Z" },
    ]);
    const { page, errors } = await openPanel(id);
    const [held, plain] = [items(page).nth(0), items(page).nth(1)];
    expect(await held.locator(".cc-history-direction").count()).toBe(0);
    expect(await held.locator(".cc-history-status").textContent()).toBe("発信通話");
    expect(await plain.locator(".cc-history-direction").textContent()).toBe("発信");
    expect(await plain.locator(".cc-history-status").textContent()).toBe("応答");
    expect(await held.locator(".cc-history-duration").textContent()).toBe("通話時間 1,157日 9:46:39");
    expect(await plain.locator(".cc-history-duration").textContent()).toBe("通話時間 1:02:05");
    expect(await held.locator(".cc-history-recording-label").allTextContents()).toEqual(["録音 1（保留前）", "録音 2（保留後）"]);
    expect(await held.locator("audio").evaluateAll((as) => as.map((a) => a.getAttribute("aria-label")))).toEqual([
      "録音 1（保留前）",
      "録音 2（保留後）",
    ]);
    const text = held.locator(".cc-history-memo");
    expect((await text.textContent())!.length).toBeLessThanOrEqual(210);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(5000);
    await page.screenshot({ path: screenshotPath("views-history-folded"), fullPage: true });
    const toggle = held.getByRole("button", { name: "全文を表示" });
    await toggle.click();
    expect(await text.textContent()).toBe(memo);
    expect(await held.getByRole("button", { name: "折りたたむ" }).getAttribute("aria-expanded")).toBe("true");
    await held.getByRole("button", { name: "折りたたむ" }).click();
    expect((await text.textContent())!.length).toBeLessThanOrEqual(210);
    expect(errors).toEqual([]);
  });

  it("shows a plain message to a user who may not view the history app", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0400" });
    const { page, context } = await fx.open("/k/1/");
    await context.route(
      (u) => u.pathname === "/k/v1/records.json" && decodeURIComponent(u.search).includes("TEL_E164 in"),
      (route) =>
        route.fulfill({
          status: 403,
          contentType: "application/json",
          body: JSON.stringify({ code: "CB_NO02", id: "x", message: "権限がありません。" }),
        }),
    );
    await page.goto(`${fx.sb.url}/k/1/show#record=${id}`);
    const status = page.locator("[data-cc-history] [role=status]");
    await status.filter({ hasText: "権限" }).waitFor();
    expect(await status.textContent()).toBe("通話履歴アプリを閲覧する権限がないため、通話履歴を表示できません。");
  });

  it("names the setting when no history phone field is mapped, and falls back to the header without the Space", async () => {
    fx.setSettings((s) => {
      s.history.fields.phone = "";
      s.history.fields.normalizedPhone = "";
      s.history.panelSpaceId = "no_such_space";
    });
    const id = await addCustomer(fx, { 電話番号: "03-6666-0500" });
    const { page } = await fx.open(`/k/1/show#record=${id}`);
    const panel = page.locator("[data-cc-history]");
    await panel.locator("[role=status]", { hasText: "history.fields.phone" }).waitFor();
    expect(await panel.locator(".cc-history-note").textContent()).toContain("no_such_space");
    expect(await page.evaluate(() => kintone.app.record.getHeaderMenuSpaceElement()?.querySelector("[data-cc-history]") !== null)).toBe(
      true,
    );
  });

  it("without a Space field is a compact bar in the header's menu space that opens and closes on a click", async () => {
    fx.setSettings((s) => {
      s.history.panelSpaceId = "";
    });
    const id = await addCustomer(fx, { 電話番号: "03-6666-0550" });
    await addCalls([{ TEL: "03-6666-0550", Memo: "in the bar" }]);
    const { page } = await fx.open(`/k/1/show#record=${id}`);
    const bar = page.locator("[data-cc-history].cc-history-bar[aria-busy=false]");
    await bar.waitFor();
    const title = bar.locator(".cc-history-title");
    expect(await title.getAttribute("aria-expanded")).toBe("false");
    expect(await bar.locator(".cc-history-memo").isVisible()).toBe(false);
    // One line, not a block that pushes the record down (the header row grew to ~280 px before).
    expect((await bar.boundingBox())!.height).toBeLessThan(60);
    await title.click();
    expect(await title.getAttribute("aria-expanded")).toBe("true");
    expect(await memos(page)).toEqual(["in the bar"]);
    await title.press("Enter");
    expect(await bar.locator(".cc-history-memo").isVisible()).toBe(false);
  });

  it("shows the panel on mobile detail", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0600" });
    await addCalls([{ TEL: "03-6666-0600", Memo: "mobile view" }]);
    const { page } = await fx.open(`/k/m/1/show?record=${id}`);
    await page.locator("[data-cc-history] .cc-history-memo").waitFor();
    expect(await memos(page)).toEqual(["mobile view"]);
  });

  it("speaks English to an English user, also for the Japanese labels the connector wrote", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-6666-0777" });
    await addCalls([
      { TEL: "03-6666-0777", Direction: "着信", Status: "着信・不在", Duration: "0", Memo: "english", 日時: "2026-02-01T00:00:00Z" },
    ]);
    const { page, errors } = await fx.open(`/k/1/show#record=${id}`, { user: "smith" });
    await page.locator("[data-cc-history][aria-busy=false]").waitFor();
    expect(await page.evaluate(() => kintone.getLoginUser().language)).toBe("en");
    expect(await page.locator("[data-cc-history] .cc-history-title").textContent()).toBe("Call history");
    const first = items(page).first();
    // "Incoming, missed" already says Incoming: said once.
    expect(await first.locator(".cc-history-direction").count()).toBe(0);
    expect(await first.locator(".cc-history-status").textContent()).toBe("Incoming, missed");
    const tz = await page.evaluate(() => kintone.getLoginUser().timezone);
    const when = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date("2026-02-01T00:00:00Z"));
    expect(await first.locator(".cc-history-when").textContent()).toBe(when);
    expect(await page.locator("a[data-cc-call]").first().getAttribute("title")).toBe("Call with CallConnect");
    expect(errors).toEqual([]);
  });
});
