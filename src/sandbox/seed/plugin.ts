// The plugin as an admin would have configured it on app 1, saved the way the config screen saves it.
import { CALL_EVENTS, defaultSettings, storeSettings, type Settings } from "../../shared/settings";
import { emptySecrets, type Secrets as SecretInputs } from "../../shared/contract/connector";
import { proxyConfigWrites } from "../../../config-ui/save";
import type { PluginStore } from "../pages/plugin-store";
import { HISTORY_APP_ID, PANEL_SPACE_ID } from "./apps";
import { HISTORY_MAPPING } from "../../shared/kintone/app-templates";

export function seededSettings(url: string): Settings {
  const s = defaultSettings();
  s.callconnect.baseUrl = `${url}/callconnect/`;
  s.connector.url = `${url}/connector/`;
  s.customer.phoneFields = ["電話番号", "携帯電話"];
  s.customer.fields = { name: "担当者名", company: "会社名", email: "メールアドレス", address: "住所", memo: "備考" };
  s.customer.createUnknownCallers = true;
  s.history = {
    enabled: true,
    appId: String(HISTORY_APP_ID),
    fields: { ...HISTORY_MAPPING },
    events: [...CALL_EVENTS],
    panelSpaceId: PANEL_SPACE_ID,
  };
  s.screenPop = { enabled: true, openAtOnce: false, results: ["受注", "折り返し", "不在", "クレーム"] };
  s.clickToCall = {
    mode: "webphone",
    // {user}: the kintone login name of whoever clicked, so the web phone credits the call to them.
    urlTemplate: `${url}/callconnect/phone?number={number}&user={user}`,
    phoneFields: ["電話番号", "携帯電話"],
    views: { detail: true, list: true, mobile: true },
  };
  return s;
}

/** The secrets the seed saves: the tokens of the seeded apps and services (no Basic auth in the sandbox). */
export type SeedSecrets = Pick<SecretInputs, "callconnectToken" | "connectorSecret" | "customerApiToken" | "historyApiToken">;

export function secretInputs(s: SeedSecrets): SecretInputs {
  return { ...emptySecrets(), ...s };
}

/** setConfig + setProxyConfig exactly as config-ui/save.ts writes them. */
export function installConfiguredPlugin(
  store: PluginStore,
  appId: number,
  pluginId: string,
  settings: Settings,
  secrets: SecretInputs,
): void {
  store.install(appId, pluginId);
  for (const w of proxyConfigWrites(settings, secrets)) store.setProxyConfig(appId, pluginId, w);
  store.setConfig(appId, pluginId, storeSettings(settings));
}
