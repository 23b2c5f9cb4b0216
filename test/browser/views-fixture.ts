// Shared set-up of the record-view browser tests: one sandbox, one Chromium, helpers to reconfigure the
// plugin and to read CallConnect's and kintone's side over HTTP.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { createPluginStore } from "../../src/sandbox/pages/plugin-store";
import { createMeta } from "../../src/sandbox/seed/meta";
import { seededSettings } from "../../src/sandbox/seed/plugin";
import { storeSettings, type Settings } from "../../src/shared/settings";

export interface ViewsFixture {
  sb: TestSandbox;
  browser: Browser;
  /** A fresh context (own localStorage) logged in as `user`, with page errors collected. */
  open(path: string, opts?: { user?: string; init?: string }): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  setSettings(change: (s: Settings) => void): void;
  /** Stores the plugin config as given, unchecked: how a damaged or hand-edited config looks. */
  setRawConfig(config: Record<string, string>): void;
  /** GET/PUT… on the CallConnect simulator with its token, as CallConnect's own API clients would. */
  callconnect(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  kintone(method: string, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startViewsFixture(): Promise<ViewsFixture> {
  const sb = await startTestSandbox();
  const browser = await launchChromium();
  const token = createMeta(sb.sandbox.db).secrets().callconnectToken;
  const store = createPluginStore(sb.sandbox.db);
  const contexts: BrowserContext[] = [];
  return {
    sb,
    browser,
    async open(path, opts = {}) {
      const context = await browser.newContext({
        viewport: { width: 1200, height: 900 },
        extraHTTPHeaders: authHeader(opts.user ?? "Administrator"),
      });
      contexts.push(context);
      if (opts.init) await context.addInitScript(opts.init);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${sb.url}${path}`);
      return { page, context, errors };
    },
    setSettings(change) {
      const s = seededSettings(sb.url);
      change(s);
      store.setConfig(1, sb.pluginId, storeSettings(s));
    },
    setRawConfig(config) {
      store.setConfig(1, sb.pluginId, config);
    },
    async callconnect(method, path, body) {
      const resp = await fetch(`${sb.url}/callconnect/${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await resp.text();
      return { status: resp.status, json: text ? (JSON.parse(text) as unknown) : null };
    },
    async kintone(method, path, body) {
      const resp = await fetch(`${sb.url}${path}`, {
        method,
        headers: { ...authHeader(), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await resp.json()) as Record<string, unknown>;
      if (!resp.ok) throw new Error(`${method} ${path}: ${resp.status} ${JSON.stringify(json)}`);
      return json;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await sb.close();
    },
  };
}

/** A customer record on app 1 through the REST API; returns its ID. */
export async function addCustomer(fx: ViewsFixture, fields: Record<string, string>): Promise<string> {
  const record = Object.fromEntries(Object.entries({ 会社名: "株式会社テスト", ...fields }).map(([k, v]) => [k, { value: v }]));
  const r = await fx.kintone("POST", "/k/v1/record.json", { app: 1, record });
  return String(r.id);
}
