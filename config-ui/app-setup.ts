// 通話履歴アプリを作成 and the customer form's panel: the steps behind the config screen's setup buttons (no DOM).
// The screen runs as the administrator, so kintone.api may build apps; tokens are checked through kintone.proxy.
import type { AppAdminApi, AppInfo } from "../src/kintone-js/app-admin";
import type { ProxyCall } from "../src/kintone-js/proxy";
import {
  HISTORY_APP_NAME,
  historyReference,
  historyTemplate,
  isHistoryApp,
  panelMissing,
  panelRows,
  PANEL_SPACE_ID,
} from "../src/shared/kintone/app-templates";
import type { LayoutRow, RawFieldProperties } from "../src/shared/kintone/form";

export type SetupStep = "create" | "fields" | "layout" | "deploy";

/** A failure with the step it happened in; kintone's error object (or an Error) as `cause`. */
export class AppSetupError extends Error {
  constructor(
    readonly step: SetupStep,
    override readonly cause: unknown,
  ) {
    super(`app setup failed at ${step}`);
    this.name = "AppSetupError";
  }
}

async function step<T>(name: SetupStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof AppSetupError ? err : new AppSetupError(name, err);
  }
}

export interface Progress {
  (step: SetupStep, polls: number): void;
}

export async function deployAndWait(api: AppAdminApi, appId: string, progress: Progress, pollMs = 1000): Promise<void> {
  await step("deploy", async () => {
    await api.deploy(appId);
    for (let polls = 1; ; polls++) {
      progress("deploy", polls);
      const status = await api.deployStatus(appId);
      if (status === "SUCCESS") return;
      if (status !== "PROCESSING") throw new Error(`deploy ${status}`);
      await new Promise((ok) => setTimeout(ok, pollMs));
    }
  });
}

/** A history app made before (by this screen or `npm run setup`): named 通話履歴, the template's fields, same space. */
export async function findHistoryApp(api: AppAdminApi, customer: AppInfo): Promise<AppInfo | null> {
  const candidates = (await api.appsNamed(HISTORY_APP_NAME, customer.spaceId)).filter(
    (a) => a.name === HISTORY_APP_NAME && a.appId !== customer.appId && a.spaceId === customer.spaceId,
  );
  for (const app of candidates) if (isHistoryApp(app.name, await api.liveFields(app.appId))) return app;
  return null;
}

// An app created but not deployed is not listed by apps.json: a retry after a failure reuses it, never makes another.
let unfinished: string | null = null;

export async function createHistoryApp(api: AppAdminApi, customer: AppInfo, progress: Progress, pollMs?: number): Promise<string> {
  const template = historyTemplate();
  const appId = unfinished ?? (await step("create", () => api.createApp(template.name, customer.spaceId, customer.threadId)));
  unfinished = appId;
  progress("create", 0);
  await step("fields", async () => {
    const had = await api.previewFields(appId);
    const missing = Object.fromEntries(Object.entries(template.properties).filter(([code]) => !had[code]));
    if (Object.keys(missing).length) await api.addFields(appId, missing);
  });
  progress("fields", 0);
  await step("layout", () => api.updateLayout(appId, template.layout));
  progress("layout", 0);
  await deployAndWait(api, appId, progress, pollMs);
  unfinished = null;
  return appId;
}

/** What the customer form lacks for the panel: a Space named call_history, a 関連レコード一覧 on the history app. */
export function customerPanelMissing(properties: RawFieldProperties, layout: LayoutRow[], historyAppId: string) {
  return panelMissing(properties as never, layout as never, historyAppId);
}

/** The customer form's phone field the 関連レコード一覧 joins on: the first chosen phone field that is plain text. */
export function joinField(properties: RawFieldProperties, phoneFields: string[]): string | null {
  const usable = (code: string) => ["SINGLE_LINE_TEXT", "LINK", "NUMBER"].includes(properties[code]?.type ?? "");
  return (
    phoneFields.find(usable) ??
    Object.values(properties).find((p) => p.type === "SINGLE_LINE_TEXT" && /電話|phone|tel/i.test(p.code))?.code ??
    null
  );
}

export async function addPanelToCustomer(
  api: AppAdminApi,
  appId: string,
  historyAppId: string,
  missing: { space: boolean; reference: boolean },
  phoneField: string,
  progress: Progress,
  pollMs?: number,
): Promise<void> {
  if (missing.reference) {
    const reference = historyReference(historyAppId, phoneField);
    const had = await step("fields", () => api.previewFields(appId));
    // A code taken by another field gets a suffix rather than failing.
    const code = had[reference.code] ? `${reference.code}_${historyAppId}` : reference.code;
    await step("fields", () => api.addFields(appId, { [code]: { ...reference, code } }));
  }
  progress("fields", 0);
  if (missing.space) {
    await step("layout", async () => {
      const layout = await api.previewLayout(appId);
      const spacer = panelRows().filter((r) => r.fields?.some((f) => f.type === "SPACER" && f.elementId === PANEL_SPACE_ID));
      await api.updateLayout(appId, [...layout, ...spacer]);
    });
  }
  progress("layout", 0);
  await deployAndWait(api, appId, progress, pollMs);
}

export type Permission = "view" | "add" | "edit";
export const NEEDED: Permission[] = ["view", "add", "edit"];

export type TokenCheck =
  { kind: "ok" } | { kind: "missing"; permissions: Permission[] } | { kind: "other_app" } | { kind: "failed"; details: string };

/**
 * Tries each permission with a request that changes nothing (an empty write): kintone refuses it with 403 CB_NO02 when the
 * token lacks the permission. The token travels through kintone.proxy, never through the page's own session.
 */
export async function checkToken(proxy: ProxyCall, baseUrl: string, appId: string, token: string): Promise<TokenCheck> {
  const base = baseUrl.replace(/\/+$/, "");
  const headers = { "X-Cybozu-API-Token": token, "Content-Type": "application/json" };
  const probes: [Permission, string, string, unknown][] = [
    ["view", "GET", `${base}/k/v1/records.json?app=${encodeURIComponent(appId)}&limit=1&fields[0]=$id`, {}],
    ["add", "POST", `${base}/k/v1/records.json`, { app: appId, records: [] }],
    ["edit", "PUT", `${base}/k/v1/records.json`, { app: appId, records: [] }],
  ];
  const missing: Permission[] = [];
  for (const [permission, method, url, body] of probes) {
    let resp;
    try {
      resp = await proxy(url, method, headers, body);
    } catch (err) {
      return { kind: "failed", details: err instanceof Error ? err.message : String(err) };
    }
    const code = (() => {
      try {
        return String((JSON.parse(resp.body) as { code?: unknown }).code ?? "");
      } catch {
        return "";
      }
    })();
    if (resp.status === 403 && code === "CB_NO02") missing.push(permission);
    else if (code === "GAIA_IA02" || code === "GAIA_AP15") return { kind: "other_app" };
    else if (resp.status === 401 || resp.status >= 500) return { kind: "failed", details: `HTTP ${resp.status} ${code}`.trim() };
  }
  return missing.length ? { kind: "missing", permissions: missing } : { kind: "ok" };
}
