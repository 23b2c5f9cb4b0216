// Click-to-call on the sandbox's kintone pages in real Chromium: links on detail, list and mobile, the three
// modes, no double links, hostile text inert.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshotPath } from "../helpers/browser";
import { seededSettings } from "../../src/sandbox/seed/plugin";
import { addCustomer, startViewsFixture, type ViewsFixture } from "./views-fixture";

let fx: ViewsFixture;
beforeAll(async () => {
  fx = await startViewsFixture();
});
afterAll(async () => fx?.close());
beforeEach(() => fx.setSettings(() => undefined));

const links = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>("a[data-cc-call]")].map((a) => ({
      text: a.textContent,
      href: a.getAttribute("href"),
      title: a.title,
      number: a.getAttribute("data-cc-call"),
    })),
  );

async function detail(id: string, init?: string, user?: string) {
  const opened = await fx.open(`/k/1/show#record=${id}`, { ...(init ? { init } : {}), ...(user ? { user } : {}) });
  await opened.page.locator("[data-cc-history]").waitFor();
  return opened;
}

describe("click-to-call", () => {
  it("links every number on the detail page, text as typed, web phone in one reused window", async () => {
    const id = await addCustomer(fx, { 電話番号: "本社 ０３－１２３４－５６７８ / 03-9999-0000 内線 12", 携帯電話: "090-1111-2222" });
    const { page, context, errors } = await detail(id);
    const found = await links(page);
    expect(found.map((l) => [l.text, l.number])).toEqual([
      ["０３－１２３４－５６７８", "+81312345678"],
      ["03-9999-0000 内線 12", "+81399990000"],
      ["090-1111-2222", "+819011112222"],
    ]);
    // The seeded template carries who clicked as {user}.
    expect(found[0]!.href).toBe(`${fx.sb.url}/callconnect/phone?number=%2B81312345678&user=Administrator`);
    expect(found[0]!.title).toBe("コールコネクトで発信");
    // The field's visible text is unchanged.
    expect(await page.evaluate(() => kintone.app.record.getFieldElement("電話番号")?.textContent)).toBe(
      "本社 ０３－１２３４－５６７８ / 03-9999-0000 内線 12",
    );
    await page.screenshot({ path: screenshotPath("views-detail"), fullPage: true });

    const [phone] = await Promise.all([page.waitForEvent("popup"), page.locator("a[data-cc-call]").nth(0).click()]);
    await phone.waitForLoadState();
    expect(phone.url()).toContain("number=%2B81312345678");
    await page.locator("a[data-cc-call]").nth(2).click();
    await phone.waitForURL(/number=%2B819011112222/);
    // Still one page for the record, one for the phone: the named window was reused.
    expect(context.pages()).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it("makes one link per number even when kintone fires the show event twice", async () => {
    const id = await addCustomer(fx, { 電話番号: "03-1234-5678" });
    // Every handler registered twice, as when kintone fires an event again on the same DOM.
    const twice = `(() => { let k; Object.defineProperty(window, "kintone", { configurable: true, get: () => k, set: (v) => {
      const on = v.events.on; v.events.on = (t, h) => { on(t, h); on(t, h); }; k = v; } }); })();`;
    const { page } = await detail(id, twice);
    expect((await links(page)).map((l) => l.text)).toEqual(["03-1234-5678"]);
    expect(await page.locator("[data-cc-history]").count()).toBe(1);
  });

  it("links both phone fields on every row of the list, on each page", async () => {
    const { page, errors } = await fx.open("/k/1/");
    await page.locator("a[data-cc-call]").first().waitFor();
    const perCell = await page.evaluate(() =>
      ["電話番号", "携帯電話"].flatMap((code) =>
        (kintone.app.getFieldElements(code) ?? []).map((cell) =>
          [...cell.querySelectorAll("a[data-cc-call]")].map((a) => a.getAttribute("data-cc-call")),
        ),
      ),
    );
    expect(perCell.length).toBeGreaterThanOrEqual(40);
    expect(perCell.filter((numbers) => numbers.length > 0).length).toBeGreaterThan(30);
    // Never the same number twice in a cell, never a link inside a link.
    for (const numbers of perCell) expect(new Set(numbers).size).toBe(numbers.length);
    expect(await page.locator("a[data-cc-call] a").count()).toBe(0);
    await page.screenshot({ path: screenshotPath("views-list") });
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(/offset=20/);
    await page.locator("a[data-cc-call]").first().waitFor();
    expect((await links(page)).every((l) => l.href?.includes("/callconnect/phone?number=%2B81"))).toBe(true);
    expect(errors).toEqual([]);
  });

  it("links a row again after kintone redraws it for an inline edit", async () => {
    // Keeps the handlers so the test can fire index.edit.submit.success (the sandbox's list has no inline edit).
    const keep = `(() => { let k; window.__handlers = {}; Object.defineProperty(window, "kintone", { configurable: true, get: () => k, set: (v) => {
      const on = v.events.on; v.events.on = (t, h) => { for (const x of [].concat(t)) (window.__handlers[x] ||= []).push(h); on(t, h); }; k = v; } }); })();`;
    const { page } = await fx.open("/k/1/", { init: keep });
    await page.locator("a[data-cc-call]").first().waitFor();
    await page.evaluate(() => {
      const cell = kintone.app.getFieldElements("電話番号")![0]!;
      cell.textContent = "03-2468-1357"; // what kintone shows after the row is saved and redrawn
      const handlers = (window as unknown as { __handlers: Record<string, ((e: unknown) => unknown)[]> }).__handlers;
      for (const h of handlers["app.record.index.edit.submit.success"] ?? [])
        h({ type: "app.record.index.edit.submit.success", appId: 1, record: {} });
    });
    const cell = page.locator("td[data-field='電話番号']").first();
    await cell.locator("a[data-cc-call='+81324681357']").waitFor();
    await page.waitForTimeout(1200); // the later passes must not add a second link
    expect(await cell.locator("a[data-cc-call]").count()).toBe(1);
  });

  it("links on mobile detail", async () => {
    const id = await addCustomer(fx, { 電話番号: "06-1234-5678" });
    const { page } = await fx.open(`/k/m/1/show?record=${id}`);
    await page.locator("a[data-cc-call]").first().waitFor();
    expect((await links(page)).map((l) => l.number)).toEqual(["+81612345678"]);
  });

  it("links on the mobile list, outside the card's own link", async () => {
    const id = await addCustomer(fx, { 電話番号: "06-2345-6789", 携帯電話: "090-2345-6789" });
    const { page } = await fx.open("/k/m/1/");
    const card = page.locator(`li[data-record-id='${id}']`);
    await card.locator("a[data-cc-call]").first().waitFor();
    expect(await card.locator("a[data-cc-call]").evaluateAll((as) => as.map((a) => a.getAttribute("data-cc-call")))).toEqual([
      "+81623456789",
      "+819023456789",
    ]);
    expect(await card.locator("a a").count()).toBe(0); // no link nested in the card's link
  });

  it("tel: mode dials the normalised number", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "tel"));
    const id = await addCustomer(fx, { 電話番号: "03-1234-5678 内線 7" });
    const { page } = await detail(id);
    expect((await links(page)).map((l) => l.href)).toEqual(["tel:+81312345678;ext=7"]);
  });

  it("dials a number of another country as that country, and leaves one without its code alone", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "tel"));
    const id = await addCustomer(fx, {
      電話番号: "London +44 20 7946 0958 / Paris 0033 1 23 45 67 89 / 北京 010-86-10-1234-5678",
      携帯電話: "NY (212) 555-0123",
    });
    const { page } = await detail(id);
    expect((await links(page)).map((l) => [l.text, l.href])).toEqual([
      ["+44 20 7946 0958", "tel:+442079460958"],
      ["0033 1 23 45 67 89", "tel:+33123456789"],
      ["010-86-10-1234-5678", "tel:+861012345678"],
    ]);
    expect(await page.evaluate(() => kintone.app.record.getFieldElement("携帯電話")?.textContent)).toBe("NY (212) 555-0123");
  });

  it("shows the extension on the link's tooltip and passes it and the clicking user to the web phone", async () => {
    fx.setSettings(
      (s) => void (s.clickToCall.urlTemplate = `${fx.sb.url}/callconnect/phone?number={number}&extension={extension}&user={user}`),
    );
    const id = await addCustomer(fx, { 電話番号: "052-738-4074 内線134", 携帯電話: "090-1111-2222" });
    const { page } = await detail(id, undefined, "yamada");
    const found = await links(page);
    expect(found.map((l) => [l.text, l.href, l.title])).toEqual([
      [
        "052-738-4074 内線134",
        `${fx.sb.url}/callconnect/phone?number=%2B81527384074&extension=134&user=yamada`,
        "コールコネクトで発信（つながったら内線 134 を呼び出してください）",
      ],
      ["090-1111-2222", `${fx.sb.url}/callconnect/phone?number=%2B819011112222&extension=&user=yamada`, "コールコネクトで発信"],
    ]);
    const [phone] = await Promise.all([page.waitForEvent("popup"), page.locator("a[data-cc-call]").first().click()]);
    await phone.waitForLoadState();
    expect(new URL(phone.url()).searchParams.get("extension")).toBe("134");
    expect(new URL(phone.url()).searchParams.get("user")).toBe("yamada");
  });

  it("tells an English-speaking agent which extension to ask for", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "tel"));
    const id = await addCustomer(fx, { 電話番号: "+44 20 7946 0958 ext. 12" });
    const { page } = await detail(id, undefined, "smith");
    expect((await links(page)).map((l) => [l.href, l.title])).toEqual([
      ["tel:+442079460958;ext=12", "Call with CallConnect, then ask for extension 12"],
    ]);
  });

  it("api mode starts the call through the plugin proxy and says so", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "api"));
    const id = await addCustomer(fx, { 電話番号: "03-4444-5555 内線 21" });
    const { page } = await detail(id);
    const proxied = page.waitForRequest((r) => r.url().endsWith("/k/api/plugin/proxy"));
    await page.locator("a[data-cc-call]").click();
    const body = (await proxied).postDataJSON() as { url: string; method: string; headers: Record<string, string>; data: string };
    expect(body).toMatchObject({ method: "POST", url: `${fx.sb.url}/callconnect/api/v1/calls` });
    expect(body.headers["Idempotency-Key"]).toBeTruthy();
    // The token is added by kintone's proxy config, never by the page.
    expect(Object.keys(body.headers).map((h) => h.toLowerCase())).not.toContain("authorization");
    // The agent is whoever clicked, so CallConnect credits the call to them.
    expect(JSON.parse(body.data)).toEqual({
      number: "+81344445555",
      display: "03-4444-5555 内線 21",
      extension: "21",
      agent: { code: "Administrator", email: "admin@example.com" },
    });
    await page.getByText("03-4444-5555 内線 21 に発信しています。").waitFor();
    const calls = await fx.callconnect("GET", "api/v1/calls?number=%2B81344445555");
    expect(calls.status).toBe(200);
    expect((calls.json as { calls: unknown[] }).calls.length).toBe(1);
  });

  it("api mode: a double click starts one call (both clicks carry the same Idempotency-Key) and says so once", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "api"));
    const id = await addCustomer(fx, { 電話番号: "03-4444-7777" });
    // Counts every notice ever shown: one replacing another in place is still a second notice. (This sandbox has no
    // connector, so screen pop says once that it cannot reach it; that notice is not the call's.)
    const countNotices = `window.__notices = 0; new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes)
      if (n instanceof Element && n.matches(".cc-notification:not([data-cc-topic=screen-pop])")) window.__notices++; }).observe(document, { childList: true, subtree: true });`;
    const { page } = await detail(id, countNotices);
    const keys: string[] = [];
    let answers = 0;
    // Only the calls to CallConnect's call API: screen pop's stream ticket goes through kintone's proxy too, and may
    // be retried at any moment (this sandbox has no connector).
    const isCall = (r: import("playwright-core").Request) =>
      r.url().endsWith("/k/api/plugin/proxy") && String((r.postDataJSON() as { url?: string }).url ?? "").includes("api/v1/calls");
    page.on("request", (r) => {
      if (isCall(r)) keys.push((r.postDataJSON() as { headers: Record<string, string> }).headers["Idempotency-Key"] ?? "");
    });
    page.on("requestfinished", (r) => {
      if (isCall(r)) answers++;
    });
    // Timing-free: the two clicks of one double click are milliseconds apart, well inside the reuse window.
    await page.locator("a[data-cc-call]").dblclick();
    await expect.poll(() => keys.length).toBe(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    await page.getByText("03-4444-7777 に発信しています。").waitFor();
    expect(((await fx.callconnect("GET", "api/v1/calls?number=%2B81344447777")).json as { calls: unknown[] }).calls.length).toBe(1);
    await expect.poll(() => answers).toBe(2);
    await page.waitForTimeout(300); // for the page to handle the second answer
    expect(await page.evaluate(() => (window as unknown as { __notices: number }).__notices)).toBe(1);
  });

  it("api mode reports a failure in plain words", async () => {
    fx.setSettings((s) => void (s.clickToCall.mode = "api"));
    const id = await addCustomer(fx, { 電話番号: "03-4444-6666" });
    const { page } = await detail(id);
    await page.route("**/k/api/plugin/proxy", (route) => route.abort());
    await page.locator("a[data-cc-call]").click();
    await page.getByText("発信できませんでした。コールコネクトに接続できませんでした。").waitFor();
  });

  it("names a broken web-phone setting instead of failing", async () => {
    fx.setSettings((s) => void (s.clickToCall.urlTemplate = "javascript:alert('{number}')"));
    const id = await addCustomer(fx, { 電話番号: "03-1234-5678" });
    const { page, errors } = await detail(id);
    await page.getByText("clickToCall.urlTemplate").waitFor();
    expect(await links(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("names the invalid setting of a damaged config, and the record page still works", async () => {
    const s = JSON.parse(JSON.stringify(seededSettings(fx.sb.url))) as Record<string, Record<string, unknown>>;
    s.clickToCall!.mode = "fax";
    fx.setRawConfig({ settings: JSON.stringify(s) });
    const id = await addCustomer(fx, { 電話番号: "03-1234-5678" });
    const { page, errors } = await fx.open(`/k/1/show#record=${id}`);
    await page.getByText("clickToCall.mode").waitFor();
    expect(await page.evaluate(() => kintone.app.record.getFieldElement("電話番号")?.textContent)).toBe("03-1234-5678");
    expect(await links(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("keeps hostile text inert", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"> "'><script>window.__pwned=2</script> javascript:alert(1) 03-1234-5678 ${"9".repeat(3000)}`;
    const id = await addCustomer(fx, { 電話番号: hostile, 担当者名: "<b onmouseover=alert(1)>x</b>" });
    const { page, errors } = await detail(id);
    expect((await links(page)).map((l) => l.text)).toEqual(["03-1234-5678"]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => kintone.app.record.getFieldElement("電話番号")?.querySelectorAll("img, script").length)).toBe(0);
    expect(errors).toEqual([]);
  });
});
