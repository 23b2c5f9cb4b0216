// Config screen entry: wires kintone's adapters into the screen.
import { langOf } from "../src/shared/i18n";
import { getPluginConfig, getProxyConfig, setPluginConfig, setProxyConfig } from "../src/kintone-js/plugin-config";
import { kintoneRestApi } from "../src/kintone-js/api";
import { kintoneProxy } from "../src/kintone-js/proxy";
import { kintoneAppAdmin } from "../src/kintone-js/app-admin";
import { pluginListPath } from "./navigation";
import { startConfigScreen } from "./screen";

const root = document.getElementById("callconnect-plugin-config");
if (!root) throw new Error("config.html has no #callconnect-plugin-config");
const appId = String(kintone.app.getId() ?? "");
// Where kintone itself goes after setConfig without a callback; never browser history (about:blank, the login page).
const toPluginList = () => location.assign(pluginListPath(location.pathname, appId));

void startConfigScreen(root, {
  lang: langOf(kintone.getLoginUser().language),
  timeZone: kintone.getLoginUser().timezone,
  appId,
  kintoneBaseUrl: location.origin,
  getConfig: getPluginConfig,
  getProxyConfig,
  setProxyConfig,
  setConfig: setPluginConfig,
  api: kintoneRestApi,
  proxy: kintoneProxy,
  appAdmin: kintoneAppAdmin,
  cancel: toPluginList,
  afterSave: toPluginList,
});
