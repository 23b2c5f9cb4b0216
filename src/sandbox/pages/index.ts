// The kintone-like pages: /login, /logout, /k/… (desktop), /k/m/… (mobile), /k/api/… and /k/static/….
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { KintoneEmulator, SandboxUser } from "../kintone-emulator/types";
import { BUILD_HINT, faceFiles, type PluginFaceName, type PluginSource } from "../plugin-files";
import type { BootData, PageKind } from "../runtime/boot-data";
import type { PluginStore } from "./plugin-store";
import { handleAuth, toLogin, type SignInHint } from "./auth";
import { handleInternal, canManage } from "./internal-api";
import { escapeHtml, sendHtml } from "./http";
import { messagePage, renderShell } from "./shell";
import { bundleRuntime, pluginFileUrl, serveStatic } from "./static";
import { loginUserOf } from "./login-user";
import { portalTools, type PortalTools } from "./portal-tools";

export interface PagesOptions {
  emulator: KintoneEmulator;
  store: PluginStore;
  plugin: PluginSource;
  publicUrl: string;
  logger: Logger;
  /** The seeded users the login page lists. */
  signInHints?: readonly SignInHint[];
  /** What the portal links to besides the apps. */
  tools: PortalTools;
}

/** Served before sign-in: the login page uses them. */
const PUBLIC_STATIC = new Set(["/k/static/runtime.js", "/k/static/kintone.css", "/k/static/login.js"]);

interface Route {
  page: PageKind;
  appId: number | null;
}

function routeOf(path: string): Route | null {
  if (path === "/k/" || path === "/k") return { page: "portal", appId: null };
  let m = /^\/k\/(\d+)\/(show|edit)?$/.exec(path);
  if (m) return { page: m[2] === "show" ? "show" : m[2] === "edit" ? "create" : "index", appId: Number(m[1]) };
  m = /^\/k\/m\/(\d+)\/(show|edit)?$/.exec(path);
  if (m) return { page: m[2] === "show" ? "m-show" : m[2] === "edit" ? "m-create" : "m-index", appId: Number(m[1]) };
  if (path === "/k/m/" || path === "/k/m") return { page: "portal", appId: null };
  m = /^\/k\/admin\/app\/(\d+)\/plugin\/config$/.exec(path);
  if (m) return { page: "config", appId: Number(m[1]) };
  return null;
}

export async function createPages(opts: PagesOptions) {
  const { emulator, store } = opts;
  const runtime = await bundleRuntime();
  const buildMissing = (en: boolean) =>
    en ? `The plugin is not built: ${BUILD_HINT}.` : `プラグインがビルドされていません: ${BUILD_HINT} を実行してください。`;

  function pluginAssets(appId: number | null, face: PluginFaceName): { css: string[]; js: string[] } {
    const plugin = opts.plugin.current();
    if (!plugin || appId === null || !store.installedOn(appId).includes(plugin.id)) return { css: [], js: [] };
    const files = faceFiles(plugin, face);
    return { css: files.css.map((p) => pluginFileUrl(plugin.id, p)), js: files.js.map((p) => pluginFileUrl(plugin.id, p)) };
  }

  function pluginConfigs(appId: number | null): Record<string, Record<string, string>> {
    if (appId === null) return {};
    return Object.fromEntries(store.installedOn(appId).map((id) => [id, store.getConfig(appId, id)]));
  }

  function page(req: IncomingMessage, res: ServerResponse, route: Route, user: SandboxUser): void {
    const url = new URL(req.url ?? "/", "http://x");
    const en = user.language === "en";
    const { appId } = route;
    if (appId !== null && !emulator.apps.exists(appId)) {
      const p = messagePage(
        en ? "App not found" : "アプリが見つかりません",
        en ? `App ${appId} does not exist.` : `アプリ（id: ${appId}）は存在しません。`,
        404,
      );
      return sendHtml(res, p.status, p.html);
    }
    const boot: BootData = {
      page: route.page,
      appId,
      appName: appId === null ? "" : (emulator.apps.name(appId) ?? ""),
      user: loginUserOf(user),
      pluginConfigs: pluginConfigs(appId),
    };
    const mobile = route.page.startsWith("m-") || (route.page === "portal" && url.pathname.startsWith("/k/m"));
    if (route.page === "config") return configPage(res, boot, url.searchParams.get("pluginId") ?? "", user, en);
    if (route.page === "m-show") boot.recordId = url.searchParams.get("record") ?? "";
    const assets = pluginAssets(appId, mobile ? "mobile" : "desktop");
    const plugin = opts.plugin.current();
    if (!plugin && appId !== null) opts.logger.warn(buildMissing(true));
    const notice = !plugin && appId !== null ? `<p class="k-error-banner" role="alert">${escapeHtml(buildMissing(en))}</p>` : "";
    const title = boot.appName || "kintone";
    const adminLink = appId !== null && !mobile && canManage(emulator, user, appId) ? `/k/admin/app/${appId}/plugin/` : undefined;
    const tools = route.page === "portal" ? portalTools(user, opts) : "";
    sendHtml(res, 200, renderShell({ title, boot, mobile, adminLink, ...assets, bodyHtml: `${notice}${tools}<div id="k-content"></div>` }));
  }

  function configPage(res: ServerResponse, boot: BootData, pluginId: string, user: SandboxUser, en: boolean): void {
    const appId = boot.appId!;
    const plugin = opts.plugin.current();
    if (!canManage(emulator, user, appId)) {
      const p = messagePage(
        en ? "No permission" : "権限がありません",
        en ? "Only app administrators can change plug-in settings." : "プラグインの設定を変更できるのはアプリ管理者だけです。",
        403,
      );
      return sendHtml(res, p.status, p.html);
    }
    if (!plugin) {
      opts.logger.warn(buildMissing(true));
      const p = messagePage(en ? "Plug-in not built" : "プラグインがありません", buildMissing(en), 404);
      return sendHtml(res, p.status, p.html);
    }
    if (pluginId !== plugin.id || !store.installedOn(appId).includes(pluginId)) {
      const p = messagePage(
        en ? "Plug-in not found" : "プラグインが見つかりません",
        en ? "This plug-in is not added to the app." : "このプラグインはアプリに追加されていません。",
        404,
      );
      return sendHtml(res, p.status, p.html);
    }
    boot.configPluginId = pluginId;
    const files = faceFiles(plugin, "config");
    const htmlPath = plugin.manifest.config?.html;
    const html = htmlPath ? (plugin.files.get(htmlPath)?.toString("utf8") ?? "") : "";
    const heading = `<div class="k-toolbar"><h1>${escapeHtml(boot.appName)} — ${escapeHtml(plugin.manifest.name[en ? "en" : "ja"] ?? plugin.manifest.name.en ?? "")}</h1></div>`;
    sendHtml(
      res,
      200,
      renderShell({
        title: en ? "Plug-in settings" : "プラグインの設定",
        boot,
        css: files.css.map((p) => pluginFileUrl(plugin.id, p)),
        js: files.js.map((p) => pluginFileUrl(plugin.id, p)),
        // The plugin's own config.html, as kintone inserts it.
        bodyHtml: `${heading}<div id="k-plugin-config">${html}</div>`,
      }),
    );
  }

  function pluginList(res: ServerResponse, appId: number, en: boolean): void {
    const plugin = opts.plugin.current();
    const items = store.installedOn(appId).map((id) => {
      const name = plugin && plugin.id === id ? (plugin.manifest.name[en ? "en" : "ja"] ?? id) : id;
      return `<li><a href="/k/admin/app/${appId}/plugin/config?pluginId=${escapeHtml(id)}">${escapeHtml(name)}</a></li>`;
    });
    const title = en ? "Plug-ins" : "プラグイン";
    sendHtml(
      res,
      200,
      renderShell({
        title,
        boot: null,
        bodyHtml: `<div class="k-card"><h1>${title}</h1><ul>${items.join("")}</ul><p><a href="/k/${appId}/">${en ? "Back to the app" : "アプリへ戻る"}</a></p></div>`,
      }),
    );
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/" && req.method === "GET") return (res.writeHead(302, { location: "/k/" }).end(), true);
      if (path === "/favicon.ico") return (res.writeHead(204).end(), true);
      if (await handleAuth(req, res, path, emulator, opts.signInHints ?? [])) return true;
      if (!path.startsWith("/k/") && path !== "/k") return false;
      await opts.plugin.refresh();
      const plugin = opts.plugin.current();
      if (PUBLIC_STATIC.has(path)) return serveStatic(res, path, runtime, plugin);
      const user = emulator.sessions.userOf(req);
      if (path.startsWith("/k/api/")) return (await handleInternal(req, res, path, opts), true);
      if (!user) {
        if (req.method !== "GET" || path.startsWith("/k/static/")) return (res.writeHead(401).end(), true);
        return (toLogin(req, res), true);
      }
      if (path.startsWith("/k/static/")) return serveStatic(res, path, runtime, plugin);
      const list = /^\/k\/admin\/app\/(\d+)\/plugin\/?$/.exec(path);
      if (list) {
        if (!canManage(emulator, user, Number(list[1])))
          return (sendHtml(res, 403, messagePage("権限がありません", "アプリ管理者だけが開けます。", 403).html), true);
        return (pluginList(res, Number(list[1]), user.language === "en"), true);
      }
      const route = routeOf(path);
      if (!route || req.method !== "GET") return false;
      page(req, res, route, user);
      return true;
    },
  };
}
