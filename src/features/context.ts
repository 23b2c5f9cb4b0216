// What every feature needs on a record page: the parsed settings, the user's language and timezone.
// Broken settings become one plain message naming the problem; the page itself keeps working.
import { langOf, translator, type Lang } from "../shared/i18n";
import { settingsMessages } from "../shared/messages/settings";
import { viewMessages, type ViewMessageKey } from "./messages";
import { loadSettings, type Settings } from "../shared/settings";
import { getPluginConfig, pluginId } from "../kintone-js/plugin-config";
import { notify } from "./notify";

export interface ViewContext {
  pluginId: string;
  settings: Settings;
  lang: Lang;
  timeZone: string;
  t: (key: ViewMessageKey, params?: Record<string, string | number>) => string;
}

let cached: ViewContext | null | undefined;

export function viewContext(): ViewContext | null {
  if (cached !== undefined) return cached;
  const user = kintone.getLoginUser();
  const lang = langOf(user.language);
  const loaded = loadSettings(getPluginConfig());
  if (loaded.kind !== "ok") {
    if (loaded.kind === "invalid") {
      const t = translator(settingsMessages, lang);
      const e = loaded.error;
      const message =
        e.code === "schema"
          ? t("settings.schema", { details: e.details.join(" / ") })
          : e.code === "unknown_version"
            ? t("settings.unknown_version", { version: e.details[0] ?? "" })
            : t("settings.not_json");
      notify(message, "error", "settings");
    }
    cached = null;
    return cached;
  }
  cached = {
    pluginId: pluginId(),
    settings: loaded.settings,
    lang,
    timeZone: user.timezone || "Asia/Tokyo",
    t: translator(viewMessages, lang),
  };
  return cached;
}
