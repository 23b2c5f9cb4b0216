// /k/api/…: what the runtime asks kintone's server for (plugin config, proxy config, proxies).
// Session (or X-Cybozu-Authorization) required, and only from the sandbox's own pages.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { KintoneEmulator, SandboxUser } from "../kintone-emulator/types";
import type { PluginStore } from "./plugin-store";
import { isSameOriginCall, readBody, sendJson } from "./http";
import { mergeSaved, ProxyUnreachable, sendProxy, type ProxyRequest } from "./proxy";

export interface InternalDeps {
  emulator: KintoneEmulator;
  store: PluginStore;
  publicUrl: string;
  logger: Logger;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const strings = (v: unknown): Record<string, string> | null => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  return Object.values(v).every((x) => typeof x === "string") ? (v as Record<string, string>) : null;
};

const fail = (res: ServerResponse, status: number, code: string, message: string) =>
  sendJson(res, status, { code, id: "sandbox", message });

export function canManage(emulator: KintoneEmulator, user: SandboxUser, appId: number): boolean {
  return user.isAdmin || emulator.apps.isManager(appId, user.code);
}

/** kintone refuses plugin.app.proxy on the plugin config screen; the page it is called from tells. */
function fromConfigScreen(req: IncomingMessage): boolean {
  const referer = req.headers.referer ?? "";
  try {
    return /^\/k\/admin\/app\/\d+\/plugin\/config/.test(new URL(referer).pathname);
  } catch {
    return false;
  }
}

async function proxyOut(res: ServerResponse, request: ProxyRequest): Promise<void> {
  try {
    sendJson(res, 200, { result: await sendProxy(request) });
  } catch (err) {
    if (!(err instanceof ProxyUnreachable)) throw err;
    fail(res, 502, "GAIA_PR01", `could not connect to ${request.url}: ${err.reason}`);
  }
}

export async function handleInternal(req: IncomingMessage, res: ServerResponse, path: string, deps: InternalDeps): Promise<void> {
  const { emulator, store } = deps;
  const user = emulator.sessions.userOf(req);
  if (!user) return fail(res, 401, "CB_AU01", "ログインしてください。");
  if (req.method !== "POST" || !isSameOriginCall(req, deps.publicUrl)) return fail(res, 403, "CB_NO02", "許可されていない呼び出しです。");
  let body: Json;
  try {
    body = JSON.parse(await readBody(req)) as Json;
  } catch {
    return fail(res, 400, "CB_IJ01", "不正なJSON文字列です。");
  }
  const appId = Number(body.app);
  const pluginId = str(body.pluginId);
  const request: ProxyRequest = {
    url: str(body.url),
    method: str(body.method).toUpperCase() || "GET",
    headers: strings(body.headers ?? {}) ?? {},
    data: body.data ?? {},
  };

  if (path === "/k/api/proxy") return proxyOut(res, request);

  if (!emulator.apps.exists(appId)) return fail(res, 404, "GAIA_AP01", "指定したアプリ（id: " + String(body.app) + "）が見つかりません。");
  if (!store.installedOn(appId).includes(pluginId)) return fail(res, 404, "GAIA_PL01", "プラグインがアプリに追加されていません。");

  if (path === "/k/api/plugin/proxy") {
    if (fromConfigScreen(req)) return fail(res, 400, "GAIA_PR02", "kintone.plugin.app.proxy() はプラグインの設定画面では使えません。");
    return proxyOut(res, mergeSaved(request, store.matchProxy(appId, pluginId, request.method, request.url)));
  }
  if (!canManage(emulator, user, appId)) return fail(res, 403, "CB_NO02", "アプリを管理する権限がありません。");
  if (path === "/k/api/plugin/config/set") {
    const config = strings(body.config);
    if (!config) return fail(res, 400, "CB_VA01", "設定値は文字列で指定してください。");
    store.setConfig(appId, pluginId, config);
    return sendJson(res, 200, {});
  }
  if (path === "/k/api/plugin/proxy-config/get") return sendJson(res, 200, { proxyConfigs: store.proxyConfigs(appId, pluginId) });
  if (path === "/k/api/plugin/proxy-config/set") {
    const headers = strings(body.headers ?? {});
    const data = strings(body.data ?? {});
    if (!request.url || !headers || !data) return fail(res, 400, "CB_VA01", "url, headers, data が不正です。");
    store.setProxyConfig(appId, pluginId, { url: request.url, method: request.method, headers, data });
    return sendJson(res, 200, {});
  }
  fail(res, 404, "CB_NF01", "API not found");
}
