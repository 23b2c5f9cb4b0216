// The portal's links beside the apps: the web phone (as the signed-in agent), the CallConnect simulator's admin
// page, the connector's page and each app's plug-in settings, for who may open them.
import type { KintoneEmulator, SandboxUser } from "../kintone-emulator/types";
import type { PluginSource } from "../plugin-files";
import type { PluginStore } from "./plugin-store";
import { canManage } from "./internal-api";
import { escapeHtml as esc } from "./http";
import { PLUGIN_ADMIN_PATH } from "./plugin-admin-page";

export interface PortalTools {
  /** The connector runs in this sandbox, so /connector/ has a page. */
  connector: boolean;
}

export function portalTools(
  user: SandboxUser,
  deps: { emulator: KintoneEmulator; store: PluginStore; plugin: PluginSource; tools: PortalTools },
): string {
  const en = user.language === "en";
  const t = (ja: string, english: string) => (en ? english : ja);
  const plugin = deps.plugin.current();
  const links: { href: string; label: string; hint: string }[] = [
    {
      href: `/callconnect/phone?${new URLSearchParams({ user: user.code })}`,
      label: t("ウェブ電話", "Web phone"),
      hint: t("CallConnect の電話（シミュレーター）", "CallConnect's phone (simulated)"),
    },
    {
      href: "/callconnect/admin",
      label: t("CallConnect 管理", "CallConnect admin"),
      hint: t("Webhook の送信履歴と障害の切り替え", "Webhook deliveries and an outage switch"),
    },
  ];
  if (deps.tools.connector && user.isAdmin)
    links.push({ href: "/connector/", label: t("コネクタ", "Connector"), hint: t("同期と Webhook の状態", "Sync and webhook status") });
  if (user.isAdmin)
    links.push({
      href: PLUGIN_ADMIN_PATH,
      label: t("プラグインの管理", "Plug-in administration"),
      hint: t("読み込まれたプラグインと使用中のアプリ", "Imported plug-ins and the apps using them"),
    });
  if (plugin)
    for (const appId of deps.store.appsWithPlugins())
      if (deps.store.installedOn(appId).includes(plugin.id) && canManage(deps.emulator, user, appId))
        links.push({
          href: `/k/admin/app/${appId}/plugin/config?${new URLSearchParams({ pluginId: plugin.id })}`,
          label: `${deps.emulator.apps.name(appId) ?? appId}: ${plugin.manifest.name[en ? "en" : "ja"] ?? plugin.manifest.name.en ?? ""}`,
          hint: t("プラグインの設定", "Plug-in settings"),
        });
  const items = links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.label)}</a> <small>${esc(l.hint)}</small></li>`).join("");
  return `<nav class="k-card k-portal-tools" aria-label="${esc(t("ツール", "Tools"))}"><h2>${esc(t("ツール", "Tools"))}</h2><ul>${items}</ul></nav>`;
}
