// The sandbox's `kintone` global in real Chromium: events and their objects, submit/save ordering, DOM lookups, users.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotPath } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";

let sb: TestSandbox;
let browser: Browser;
const nativeDialogs: string[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

/** Registers `handlers` (JS source using `kintone` and `log(x)`) the moment the runtime defines `kintone`,
 * i.e. before the page fires its first event, like a customization script would. The log survives navigation. */
function trap(handlers: string): string {
  return `(() => {
    const log = (x) => sessionStorage.setItem("log", JSON.stringify([...JSON.parse(sessionStorage.getItem("log") || "[]"), x]));
    let k;
    Object.defineProperty(window, "kintone", { configurable: true, get() { return k; }, set(v) { k = v; const kintone = v; ${handlers} } });
  })();`;
}

async function open(path: string, handlers = "", user = "Administrator"): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: authHeader(user) });
  const page = await ctx.newPage();
  // kintone asks in the page; a native dialog would be a bug, and it is recorded to fail the test.
  page.on("dialog", (d) => {
    nativeDialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript({ content: trap(handlers) });
  await page.goto(sb.url + path);
  await page.locator("body[data-k-ready=true]").waitFor();
  return page;
}

const logOf = async (page: Page) => JSON.parse((await page.evaluate(() => sessionStorage.getItem("log"))) ?? "[]") as unknown[];

async function rest<T>(path: string): Promise<T> {
  return (await (await fetch(sb.url + path, { headers: authHeader() })).json()) as T;
}
type Rec = Record<string, { value: unknown }>;
const countOf = async (app: number) =>
  Number((await rest<{ totalCount: string }>(`/k/v1/records.json?app=${app}&totalCount=true&query=limit%201`)).totalCount);

describe("list and detail", () => {
  it("fires app.record.index.show after the table exists, with the page's records, and getFieldElements gives their cells", async () => {
    const page = await open(
      "/k/1/?offset=20",
      `
      const off = (e) => { log("removed handler ran"); return e; };
      kintone.events.on("app.record.index.show", off);
      kintone.events.off("app.record.index.show", off);
      kintone.events.on(["app.record.index.show", "app.record.detail.show"], (e) => {
        const cells = kintone.app.getFieldElements("会社名");
        log({ type: e.type, viewType: e.viewType, offset: e.offset, size: e.size, n: e.records.length, ids: e.records.map((r) => r.$id.value),
          names: e.records.map((r) => r.会社名.value), cells: cells.map((c) => c.textContent), connected: cells.every((c) => c.isConnected), app: kintone.app.getId() });
        return e;
      });`,
    );
    const [entry, ...rest_] = (await logOf(page)) as Record<string, unknown>[];
    expect(rest_).toEqual([]);
    const expected = await rest<{ records: Rec[] }>(
      `/k/v1/records.json?app=1&query=${encodeURIComponent("order by $id desc limit 20 offset 20")}`,
    );
    expect(entry).toMatchObject({
      type: "app.record.index.show",
      viewType: "list",
      offset: 20,
      size: expected.records.length,
      n: expected.records.length,
      connected: true,
      app: 1,
    });
    expect(entry!.ids).toEqual(expected.records.map((r) => r.$id!.value));
    expect(entry!.cells).toEqual(expected.records.map((r) => r.会社名!.value));
    await page.context().close();
  });

  it("fires app.record.detail.show once the record's DOM exists: Space elements and field elements are in the page", async () => {
    const page = await open(
      "/k/1/show#record=3",
      `
      kintone.events.on("app.record.detail.show", (e) => {
        const space = kintone.app.record.getSpaceElement("call_history");
        log({ type: e.type, recordId: e.recordId, company: e.record.会社名.value, getId: kintone.app.record.getId(),
          spaceConnected: !!space && space.isConnected, missingSpace: kintone.app.record.getSpaceElement("nope"),
          fieldText: kintone.app.record.getFieldElement("会社名").textContent, related: !!document.querySelector("[data-field-code=通話履歴]") });
        return e;
      });`,
    );
    const { record } = await rest<{ record: Rec }>("/k/v1/record.json?app=1&id=3");
    expect(await logOf(page)).toEqual([
      {
        type: "app.record.detail.show",
        recordId: 3,
        company: record.会社名!.value,
        getId: 3,
        spaceConnected: true,
        missingSpace: null,
        fieldText: record.会社名!.value,
        related: true,
      },
    ]);
    await page.screenshot({ path: screenshotPath("sandbox-record"), fullPage: true });
    await page.context().close();
  });

  it("renders the list view with the plugin loaded", async () => {
    const page = await open("/k/1/");
    await expect.poll(() => page.locator("table.k-list tbody tr").count()).toBe(20);
    await page.screenshot({ path: screenshotPath("sandbox-list"), fullPage: true });
    await page.context().close();
  });
});

describe("create and edit", () => {
  it("a submit handler's event.error blocks the save and is shown; a field error shows beside the field", async () => {
    const before = await countOf(2);
    const page = await open(
      "/k/2/edit",
      `
      kintone.events.on("app.record.create.submit", (e) => {
        log("submit");
        if (e.record.TEL.value === "") e.record.TEL.error = "電話番号を入力してください";
        else e.error = "保存できません: テスト";
        return e;
      });
      kintone.events.on("app.record.create.submit.success", (e) => { log("success"); return e; });`,
    );
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("[data-field-code=TEL] .k-field-error").innerText()).toBe("電話番号を入力してください");
    await page.getByLabel("電話番号", { exact: true }).fill("03-1111-2222");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator(".k-error-banner").innerText()).toBe("保存できません: テスト");
    expect(await page.locator("[data-field-code=TEL] .k-field-error").innerText()).toBe("");
    expect(await logOf(page)).toEqual(["submit", "submit"]);
    expect(await countOf(2)).toBe(before);
    await page.context().close();
  });

  it("changes from a handler that does not return the event are not applied (kintone's rule)", async () => {
    const before = await countOf(2);
    const page = await open("/k/2/edit", `kintone.events.on("app.record.create.submit", (e) => { e.error = "ignored"; });`);
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/\/k\/2\/show#record=\d+$/);
    expect(await countOf(2)).toBe(before + 1);
    await page.context().close();
  });

  it("runs submit (awaiting its promise) → save → submit.success with the saved record; success may set event.url", async () => {
    const page = await open(
      "/k/2/edit",
      `
      kintone.events.on("app.record.create.show", (e) => Promise.resolve().then(() => { e.record.Direction.value = "outgoing"; e.record.CallID.disabled = true; return e; }));
      kintone.events.on("app.record.create.submit", (e) => new kintone.Promise((resolve) => setTimeout(() => { log("submit"); e.record.Memo.value = "from submit"; resolve(e); }, 50)));
      kintone.events.on("app.record.create.submit.success", async (e) => {
        const got = await kintone.api(kintone.api.url("/k/v1/record", true), "GET", { app: 2, id: e.recordId });
        log("success:" + got.record.Memo.value + ":" + e.record.Direction.value);
        e.url = "/k/2/?after=" + e.recordId;
        return e;
      });`,
    );
    expect(await page.getByLabel("発着信").inputValue()).toBe("outgoing");
    expect(await page.getByLabel("通話ID").isDisabled()).toBe(true);
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/\/k\/2\/\?after=\d+$/);
    const id = new URL(page.url()).searchParams.get("after");
    expect(await logOf(page)).toEqual(["submit", "success:from submit:outgoing"]);
    const { record } = await rest<{ record: Rec }>(`/k/v1/record.json?app=2&id=${id}`);
    expect(record.Memo!.value).toBe("from submit");
    await page.context().close();
  });

  it("edits a record on #record={id}&mode=edit and shows kintone's validation error from the server", async () => {
    const page = await open(
      "/k/1/show#record=5&mode=edit",
      `
      kintone.events.on("app.record.edit.show", (e) => { log({ type: e.type, recordId: e.recordId }); return e; });`,
    );
    expect(await logOf(page)).toEqual([{ type: "app.record.edit.show", recordId: 5 }]);
    await page.getByLabel("会社名").fill("");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator(".k-error-banner").innerText()).toMatch(/CB_VA01/);
    await expect.poll(() => page.locator("[data-field-code=会社名] .k-field-error").innerText()).not.toBe("");
    await page.getByLabel("会社名").fill("編集テスト株式会社");
    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL(/\/k\/1\/show#record=5$/);
    await page.locator("body[data-k-ready=true]").waitFor();
    await expect.poll(() => page.locator("[data-field-code=会社名] .k-value").innerText()).toBe("編集テスト株式会社");
    await page.context().close();
  });
});

describe("handler failures", () => {
  it("a throwing handler does not stop the next one, and an element put on the event does not break the chain", async () => {
    const page = await open(
      "/k/2/",
      `
      kintone.events.on("app.record.index.show", () => { throw new Error("boom"); });
      kintone.events.on("app.record.index.show", (e) => { e.node = document.body; return e; });
      kintone.events.on("app.record.index.show", (e) => { log("third:" + (e.node === document.body)); return e; });`,
    );
    expect(await logOf(page)).toEqual(["third:true"]);
    await page.context().close();
  });
});

describe("field change events", () => {
  it("fires app.record.create.change.<code> with the changed field, and a returned record updates the form", async () => {
    const page = await open(
      "/k/2/edit",
      `
      kintone.events.on("app.record.create.change.TEL", (e) => {
        log({ type: e.type, value: e.changes.field.value });
        e.record.TEL_E164.value = "normalised:" + e.record.TEL.value;
        return e;
      });`,
    );
    await page.getByLabel("電話番号", { exact: true }).fill("03-1234-5678");
    await page.getByLabel("電話番号", { exact: true }).press("Tab");
    await expect.poll(() => page.getByLabel("電話番号(E.164)").inputValue()).toBe("normalised:03-1234-5678");
    expect(await logOf(page)).toEqual([{ type: "app.record.create.change.TEL", value: "03-1234-5678" }]);
    await page.context().close();
  });
});

describe("list actions", () => {
  it("inline edit runs index.edit.show → submit → save → submit.success, and index.delete.submit can refuse", async () => {
    const page = await open(
      "/k/2/",
      `
      kintone.events.on("app.record.index.edit.show", (e) => { log("show:" + e.recordId); return e; });
      kintone.events.on("app.record.index.edit.submit", (e) => { log("submit"); e.record.Status.value = e.record.Status.value + "!"; return e; });
      kintone.events.on("app.record.index.edit.submit.success", (e) => { log("success:" + e.record.Status.value); return e; });
      kintone.events.on("app.record.index.delete.submit", (e) => { log("delete:" + e.recordId); e.error = "削除できません"; return e; });`,
    );
    const row = page.locator("table.k-list tbody tr").first();
    const id = await row.getAttribute("data-record-id");
    await row.locator(".k-inline-edit").click();
    await row.getByLabel("状態").fill("answered");
    await row.locator(".k-inline-save").click();
    await expect.poll(() => logOf(page)).toEqual([`show:${id}`, "submit", "success:answered!"]);
    expect((await rest<{ record: Rec }>(`/k/v1/record.json?app=2&id=${id}`)).record.Status!.value).toBe("answered!");

    await page.locator("body[data-k-ready=true]").waitFor();
    await page.locator(`tr[data-record-id="${id}"] .k-delete`).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "削除する" }).click();
    await expect.poll(() => page.locator(".k-error-banner").innerText()).toBe("削除できません");
    expect((await logOf(page)).at(-1)).toBe(`delete:${id}`);
    expect((await fetch(`${sb.url}/k/v1/record.json?app=2&id=${id}`, { headers: authHeader() })).status).toBe(200);
    await page.context().close();
  });
});

describe("mobile", () => {
  it("fires mobile events on /k/m/ pages, with kintone.mobile.app lookups and the plugin's mobile files", async () => {
    const page = await open(
      "/k/m/1/show?record=2",
      `
      kintone.events.on(["app.record.detail.show", "mobile.app.record.detail.show"], (e) => {
        log({ type: e.type, recordId: e.recordId, space: !!kintone.mobile.app.record.getSpaceElement("call_history"), app: kintone.mobile.app.getId(),
          field: kintone.mobile.app.record.getFieldElement("会社名").textContent });
        return e;
      });`,
    );
    const { record } = await rest<{ record: Rec }>("/k/v1/record.json?app=1&id=2");
    expect(await logOf(page)).toEqual([
      { type: "mobile.app.record.detail.show", recordId: 2, space: true, app: 1, field: record.会社名!.value },
    ]);
    expect(await page.locator(`script[src*="/js/mobile.js"]`).count()).toBe(1);
    expect(await page.locator(`script[src*="/js/desktop.js"]`).count()).toBe(0);
    await page.context().close();
  });
});

describe("delete", () => {
  it("app.record.detail.delete.submit can refuse the delete; without refusal the record goes and the list opens", async () => {
    const page = await open(
      "/k/2/show#record=2",
      `
      kintone.events.on("app.record.detail.delete.submit", (e) => {
        log("delete:" + e.recordId);
        if (!sessionStorage.getItem("allow")) { sessionStorage.setItem("allow", "1"); e.error = "まだ削除できません"; }
        return e;
      });`,
    );
    // kintone's own dialog in the page: cancel (or Escape) asks no handler and deletes nothing.
    await page.locator(".k-delete").click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.getByText("このレコードを削除しますか？").count()).toBe(1);
    await page.screenshot({ path: screenshotPath("sandbox-delete-dialog"), fullPage: true });
    await dialog.getByRole("button", { name: "キャンセル" }).click();
    expect(await dialog.count()).toBe(0);
    await page.locator(".k-delete").click();
    await page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(0);
    expect(await logOf(page)).toEqual([]);
    await page.locator(".k-delete").click();
    await dialog.getByRole("button", { name: "削除する" }).click();
    await expect.poll(() => page.locator(".k-error-banner").innerText()).toBe("まだ削除できません");
    expect((await fetch(`${sb.url}/k/v1/record.json?app=2&id=2`, { headers: authHeader() })).status).toBe(200);
    await page.locator(".k-delete").click();
    await dialog.getByRole("button", { name: "削除する" }).click();
    await page.waitForURL(/\/k\/2\/$/);
    expect(await logOf(page)).toEqual(["delete:2", "delete:2"]);
    expect(nativeDialogs).toEqual([]);
    expect((await fetch(`${sb.url}/k/v1/record.json?app=2&id=2`, { headers: authHeader() })).status).toBe(404);
    await page.context().close();
  });
});

describe("api and proxies", () => {
  it("kintone.api uses the session, sends long GETs as POST with the override, and rejects with kintone's error body", async () => {
    const page = await open("/k/2/");
    const seen: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/k/v1/records.json")) seen.push(`${r.method()} ${r.headers()["x-http-method-override"] ?? "-"}`);
    });
    const out = await page.evaluate(async () => {
      const url = kintone.api.url("/k/v1/records", true);
      const long = (await kintone.api(url, "GET", { app: 2, query: `Memo like "${"x".repeat(5000)}"` })) as { records: unknown[] };
      const failure = await kintone
        .api(url, "GET", { app: 999 })
        .then(() => null)
        .catch((e: { code: string }) => e.code);
      const viaCallback = await new Promise((resolve) =>
        kintone.api(
          kintone.api.url("/k/v1/app", true),
          "GET",
          { id: 2 },
          (r: { name: string }) => resolve(r.name),
          () => resolve("failed"),
        ),
      );
      return { url, long: long.records.length, failure, viaCallback };
    });
    expect(out).toEqual({ url: `${sb.url}/k/v1/records.json`, long: 0, failure: "GAIA_AP01", viaCallback: "通話履歴" });
    expect(seen).toEqual(["POST GET", "GET -"]);
    await page.context().close();
  });

  it("plugin.app.proxy on a record page gets the saved CallConnect token merged in; kintone.proxy does not", async () => {
    const page = await open("/k/1/");
    const ping = `${sb.url}/callconnect/api/v1/ping`;
    const [merged, plain, unreachable] = await page.evaluate(
      async ([id, url]) => [
        await kintone.plugin.app.proxy(id!, url!, "GET", {}, {}),
        await kintone.proxy(url!, "GET", {}, {}),
        await kintone
          .proxy("http://127.0.0.1:1/", "GET", {}, {})
          .then(() => "resolved")
          .catch(() => "rejected"),
      ],
      [sb.pluginId, ping],
    );
    expect((merged as unknown[])[1]).toBe(200);
    expect(JSON.parse((merged as string[])[0]!)).toMatchObject({ ok: true });
    expect((plain as unknown[])[1]).toBe(401);
    expect(unreachable).toBe("rejected");
    expect(await page.content()).not.toContain("Bearer");
    await page.context().close();
  });
});

describe("users", () => {
  it("getLoginUser follows the signed-in user, and the page speaks their language", async () => {
    const en = await open("/k/2/", "", "smith");
    expect(await en.evaluate(() => kintone.getLoginUser())).toMatchObject({
      code: "smith",
      name: "John Smith",
      language: "en",
      timezone: "Asia/Tokyo",
    });
    expect(await en.getByRole("link", { name: "Add record" }).count()).toBe(1);
    await en.context().close();
    const ja = await open("/k/2/", "", "yamada");
    expect(await ja.evaluate(() => kintone.getLoginUser())).toMatchObject({ code: "yamada", name: "山田 花子", language: "ja" });
    expect(await ja.getByRole("link", { name: "レコードを追加" }).count()).toBe(1);
    await ja.context().close();
  });
});
