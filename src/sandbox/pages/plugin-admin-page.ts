// /k/admin/system/plugin/: the plugins imported into the emulator, as kintone's system administration lists them
// (name, version, ID, description, the apps using it). Kintone administrators only; every value is escaped text.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KintoneEmulator } from "../kintone-emulator/types";
import type { PluginSource } from "../plugin-files";
import { toLogin } from "./auth";
import { loginUserOf } from "./login-user";
import { escapeHtml as esc, sendHtml } from "./http";
import { messagePage, renderShell } from "./shell";

export const PLUGIN_ADMIN_PATH = "/k/admin/system/plugin/";

export function createPluginAdminPage(deps: { emulator: KintoneEmulator; plugin: PluginSource }) {
  const { emulator } = deps;
  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path !== PLUGIN_ADMIN_PATH && path !== PLUGIN_ADMIN_PATH.slice(0, -1)) return false;
      if (req.method !== "GET") return false;
      const user = emulator.sessions.userOf(req);
      if (!user) return (toLogin(req, res), true);
      const en = user.language === "en";
      const t = (ja: string, english: string) => (en ? english : ja);
      if (!user.isAdmin) {
        const p = messagePage(
          t("権限がありません", "No permission"),
          t("kintoneシステム管理者だけが開けます。", "Only kintone administrators can open this page."),
          403,
        );
        return (sendHtml(res, p.status, p.html), true);
      }
      await deps.plugin.refresh(); // a build made since the last page joins the list
      const pick = (texts: Record<string, string>) => texts[user.language] ?? texts.en ?? "";
      const rows = emulator.plugins.list().map((p) => {
        const apps = emulator.plugins.appsUsing(p.id).map((id) => {
          const name = emulator.apps.name(id) ?? String(id);
          return `<li><a href="/k/${id}/">${esc(name)}</a> <small>(${id})</small></li>`;
        });
        return `<tr data-plugin-id="${esc(p.id)}"><td class="k-plugin-name">${esc(pick(p.name))}</td><td class="k-plugin-version">${esc(p.version)}</td><td class="k-plugin-id"><code>${esc(p.id)}</code></td><td class="k-plugin-description">${esc(pick(p.description))}</td><td class="k-plugin-apps">${apps.length ? `<ul>${apps.join("")}</ul>` : esc(t("（なし）", "(none)"))}</td></tr>`;
      });
      const head = [
        t("プラグイン名", "Name"),
        t("バージョン", "Version"),
        t("プラグインID", "Plug-in ID"),
        t("説明", "Description"),
        t("使用中のアプリ", "Apps using it"),
      ]
        .map((h) => `<th>${esc(h)}</th>`)
        .join("");
      const empty = `<p>${esc(t("読み込まれたプラグインはありません。", "No plug-ins are imported."))}</p>`;
      const table = rows.length
        ? `<table class="k-list k-plugin-admin"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`
        : empty;
      const title = t("プラグイン", "Plug-ins");
      const html = renderShell({
        title,
        boot: null,
        user: loginUserOf(user),
        bodyHtml: `<div class="k-card"><h1>${esc(title)}</h1><p><small>${esc(t("kintoneシステム管理", "kintone Administration"))}</small></p>${table}<p><a href="/k/">${esc(t("ポータルへ戻る", "Back to the portal"))}</a></p></div>`,
      });
      sendHtml(res, 200, html);
      return true;
    },
  };
}
