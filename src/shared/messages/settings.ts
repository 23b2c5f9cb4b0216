import { defineMessages } from "../i18n";

export const settingsMessages = defineMessages({
  ja: {
    "settings.empty": "コールコネクト連携プラグインがまだ設定されていません。アプリの設定 > プラグイン から設定してください。",
    "settings.not_json":
      "コールコネクト連携プラグインの設定が壊れています(JSONとして読めません)。プラグインの設定画面で保存し直してください。",
    "settings.unknown_version":
      "コールコネクト連携プラグインの設定のバージョン({version})に対応していません。プラグインを更新してください。",
    "settings.schema": "コールコネクト連携プラグインの設定に誤りがあります: {details}。プラグインの設定画面で保存し直してください。",
  },
  en: {
    "settings.empty": "The CallConnect plugin is not configured yet. Configure it in App Settings > Plug-ins.",
    "settings.not_json": "The CallConnect plugin settings are damaged (not valid JSON). Save them again on the plugin settings screen.",
    "settings.unknown_version": "The CallConnect plugin settings have a version this plugin does not know ({version}). Update the plugin.",
    "settings.schema": "The CallConnect plugin settings are invalid: {details}. Save them again on the plugin settings screen.",
  },
});
