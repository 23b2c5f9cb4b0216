// Record views in headless Chromium on the sandbox: linkifying a 500-row list with two phone fields, and
// app.record.detail.show → a rendered call-history panel over 100 calls, with the kintone requests each makes.
// The sandbox's list shows 20 rows a page, so the bench appends the other 480 rows (built like the sandbox's own
// cells) to the page before the plugin's index.show handler runs; only that handler is timed.
import type { Request } from "playwright-core";
import { launchChromium } from "../test/helpers/browser";
import { authHeader, startTestSandbox } from "../test/helpers/sandbox";

const ROWS = 500;
const CALLS = 100;

async function post(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const resp = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { ...authHeader(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!resp.ok) throw new Error(`${path}: ${resp.status} ${await resp.text()}`);
  return (await resp.json()) as Record<string, unknown>;
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Wraps the plugin's handlers for one event: optional preparation first, then its synchronous time is recorded. */
const TIMING_INIT = (eventType: string, prepare: string) => `(() => {
  let k; window.__timings = [];
  Object.defineProperty(window, "kintone", { configurable: true, get: () => k, set: (v) => {
    const on = v.events.on;
    v.events.on = (types, handler) => {
      const list = Array.isArray(types) ? types : [types];
      if (!list.includes(${JSON.stringify(eventType)})) return on(types, handler);
      on(types, async (event) => {
        if (event.type === ${JSON.stringify(eventType)}) await (${prepare})(event);
        const t0 = performance.now();
        const out = handler(event);
        window.__timings.push(performance.now() - t0);
        if (event.type === ${JSON.stringify(eventType)}) window.__shownAt = t0;
        return out;
      });
    };
    k = v;
  } });
})();`;

/** Appends rows to the sandbox's list table and registers their cells where kintone.app.getFieldElements looks. */
const EXTEND_LIST = `async () => {
  const resp = await kintone.api("/k/v1/records.json", "GET", { app: 1, query: "order by $id desc limit 480 offset 20", fields: ["$id", "電話番号", "携帯電話"] });
  const tel = kintone.app.getFieldElements("電話番号"), mob = kintone.app.getFieldElements("携帯電話");
  const tbody = tel[0].closest("tbody");
  for (const r of resp.records) {
    const tr = document.createElement("tr");
    const a = document.createElement("td"); a.textContent = r["電話番号"].value;
    const b = document.createElement("td"); const link = document.createElement("a");
    link.href = "tel:" + r["携帯電話"].value.replace(/[^\\d+]/g, ""); link.textContent = r["携帯電話"].value; b.append(link);
    tr.append(a, b); tbody.append(tr); tel.push(a); mob.push(b);
  }
}`;

export async function run(): Promise<void> {
  const sb = await startTestSandbox();
  const browser = await launchChromium();
  try {
    for (let i = 0; i < ROWS; i += 100) {
      const records = Array.from({ length: 100 }, (_, j) => ({
        会社名: { value: `ベンチ株式会社${i + j}` },
        電話番号: { value: `03-${pad(5000 + i + j, 4)}-${pad(i + j, 4)}` },
        携帯電話: { value: `090-${pad(1000 + i + j, 4)}-${pad(i + j, 4)}` },
      }));
      await post(sb.url, "/k/v1/records.json", { app: 1, records });
    }
    const customer = (
      await post(sb.url, "/k/v1/record.json", {
        app: 1,
        record: { 会社名: { value: "履歴株式会社" }, 電話番号: { value: "03-7777-0000" }, 携帯電話: { value: "090-7777-0000" } },
      })
    ).id as string;
    const calls = Array.from({ length: CALLS }, (_, i) => ({
      TEL: { value: i % 2 ? "0377770000" : "03-7777-0000" },
      TEL_E164: { value: i % 3 ? "+81377770000" : "" },
      CallID: { value: `bench-${i}` },
      日時: { value: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString().replace(".000Z", "Z") },
      Direction: { value: i % 2 ? "incoming" : "outgoing" },
      Duration: { value: String(i * 7) },
      Memo: { value: `通話メモ ${i}` },
      URL: { value: `${sb.url}/callconnect/recordings/1-1.wav` },
    }));
    await post(sb.url, "/k/v1/records.json", { app: 2, records: calls });

    const context = await browser.newContext({ extraHTTPHeaders: authHeader(), viewport: { width: 1200, height: 900 } });
    const requests: Request[] = [];
    context.on("request", (r) => void (r.url().includes("/k/v1/") && requests.push(r)));

    // List: 500 rows × 2 phone fields.
    await context.addInitScript(TIMING_INIT("app.record.index.show", EXTEND_LIST));
    const list = await context.newPage();
    await list.goto(`${sb.url}/k/1/`);
    await list.waitForFunction(() => (window as unknown as { __timings: number[] }).__timings.length > 0);
    const before = requests.length;
    const linkMs = (await list.evaluate(() => (window as unknown as { __timings: number[] }).__timings[0])) ?? NaN;
    const links = await list.locator("a[data-cc-call]").count();
    console.log(
      `list linkify   ${ROWS} rows × 2 fields: ${linkMs.toFixed(1)} ms, ${links} links, ${requests.length - before} kintone requests during it`,
    );
    await list.close();

    // Detail: detail.show → panel rendered (first 20 of 100), then もっと見る until all 100.
    const ctx2 = await browser.newContext({ extraHTTPHeaders: authHeader(), viewport: { width: 1200, height: 900 } });
    const panelRequests: Request[] = [];
    ctx2.on(
      "request",
      (r) => void (r.url().includes("/k/v1/records.json") && decodeURIComponent(r.url()).includes("TEL_E164 in") && panelRequests.push(r)),
    );
    // Notes the moment the panel holds its first rows, without polling from outside.
    const WATCH_PANEL = `async () => { new MutationObserver((_, obs) => {
      if (document.querySelector("[data-cc-history][aria-busy=false] .cc-history-item")) { window.__panelAt = performance.now(); obs.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true, attributes: true }); }`;
    await ctx2.addInitScript(TIMING_INIT("app.record.detail.show", WATCH_PANEL));
    const page = await ctx2.newPage();
    await page.goto(`${sb.url}/k/1/show#record=${customer}`);
    await page.locator("[data-cc-history][aria-busy=false] .cc-history-item").first().waitFor();
    const firstMs = await page.evaluate(() => {
      const w = window as unknown as { __shownAt: number; __panelAt: number };
      return w.__panelAt - w.__shownAt;
    });
    const firstRequests = panelRequests.length;
    const t0 = Date.now();
    while (await page.locator("[data-cc-history] .cc-history-more").isVisible()) {
      const n = await page.locator("[data-cc-history] .cc-history-item").count();
      await page.locator("[data-cc-history] .cc-history-more").click();
      await page.locator("[data-cc-history] .cc-history-item").nth(n).waitFor();
    }
    const items = await page.locator("[data-cc-history] .cc-history-item").count();
    console.log(
      `history panel  detail.show → first 20 of ${CALLS} rendered: ${firstMs.toFixed(0)} ms, ${firstRequests} kintone request(s)`,
    );
    console.log(`history panel  もっと見る to all ${items}: ${Date.now() - t0} ms more, ${panelRequests.length} kintone requests in all`);
    await ctx2.close();
    await context.close();
  } finally {
    await browser.close();
    await sb.close();
  }
}

export default run;
