// Saving: proxy config (secrets) first, then the connector registration, then setConfig (settings only).
// The caller validates before calling; storeSettings runs first so a schema failure writes nothing.
import { storeSettings, type Settings } from "../src/shared/settings";
import { bearer, CALLCONNECT_PROXY_METHODS, CALLCONNECT_TOKEN_HEADER, CONNECTOR_SECRET_HEADER } from "../src/shared/contract/headers";
import { emptySecrets, SECRET_NAMES, type SecretInputs } from "./validation";
import type { ProxyCall } from "../src/kintone-js/proxy";
import type { ProxyConfig, SavedProxyConfig } from "../src/kintone-js/plugin-config";
import { registerWithConnector, type ConnectorFailure, type Webhooks } from "./connector-client";

/** Secrets kept as proxy `data` of the connector URL (PUT), so the screen can read them back and re-send them. */
export const CONNECTOR_DATA_SECRETS = ["customerApiToken", "historyApiToken", "basicAuthUser", "basicAuthPassword"] as const;
const CONNECTOR_METHODS = ["GET", "POST", "PUT"] as const;

export type ProxyWrite = SavedProxyConfig;

export interface SavePorts {
  setProxyConfig(url: string, method: string, headers: Record<string, string>, data: Record<string, string>): Promise<void>;
  setConfig(config: Record<string, string>): Promise<void>;
  proxy: ProxyCall;
  appId: string;
  kintoneBaseUrl: string;
}

export type GetProxyConfig = (url: string, method: string) => ProxyConfig | null;

/** What the proxy config holds now for the saved settings ("" where nothing is saved). */
export function readSavedSecrets(settings: Settings, get: GetProxyConfig): SecretInputs {
  const saved: SecretInputs = emptySecrets();
  const cc = get(settings.callconnect.baseUrl, "GET");
  const auth = cc?.headers[CALLCONNECT_TOKEN_HEADER] ?? "";
  saved.callconnectToken = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
  const conn = get(settings.connector.url, "PUT");
  saved.connectorSecret = conn?.headers[CONNECTOR_SECRET_HEADER] ?? "";
  for (const name of CONNECTOR_DATA_SECRETS) saved[name] = conn?.data[name] ?? "";
  return saved;
}

/** A typed secret replaces the saved one; a blank one keeps it. */
export function resolveSecrets(typed: SecretInputs, saved: SecretInputs): SecretInputs {
  const out = { ...saved };
  for (const name of SECRET_NAMES) if (typed[name].trim() !== "") out[name] = typed[name].trim();
  return out;
}

export function proxyConfigWrites(settings: Settings, secrets: SecretInputs, previous?: Settings): ProxyWrite[] {
  const writes: ProxyWrite[] = [];
  const base = settings.callconnect.baseUrl;
  const oldBase = previous?.callconnect.baseUrl ?? "";
  // A token left under a URL no longer used would still be merged into requests to it: clear it.
  if (oldBase && oldBase !== base)
    for (const method of CALLCONNECT_PROXY_METHODS) writes.push({ url: oldBase, method, headers: {}, data: {} });
  if (base && secrets.callconnectToken) {
    for (const method of CALLCONNECT_PROXY_METHODS) {
      writes.push({ url: base, method, headers: { [CALLCONNECT_TOKEN_HEADER]: bearer(secrets.callconnectToken) }, data: {} });
    }
  }
  const conn = settings.connector.url;
  const oldConn = previous?.connector.url ?? "";
  if (oldConn && oldConn !== conn) for (const method of CONNECTOR_METHODS) writes.push({ url: oldConn, method, headers: {}, data: {} });
  if (conn) {
    const data = Object.fromEntries(CONNECTOR_DATA_SECRETS.map((n) => [n, secrets[n]]));
    for (const method of CONNECTOR_METHODS) {
      writes.push({
        url: conn,
        method,
        headers: { [CONNECTOR_SECRET_HEADER]: secrets.connectorSecret },
        data: method === "PUT" ? data : {},
      });
    }
  }
  return writes;
}

export type SaveOutcome =
  { registration: null } | { registration: { kind: "ok"; webhooks: Webhooks } } | { registration: ConnectorFailure };

export async function saveConfig(settings: Settings, secrets: SecretInputs, ports: SavePorts, previous?: Settings): Promise<SaveOutcome> {
  const config = storeSettings(settings);
  for (const w of proxyConfigWrites(settings, secrets, previous)) await ports.setProxyConfig(w.url, w.method, w.headers, w.data);
  let registration: SaveOutcome["registration"] = null;
  if (settings.connector.url) {
    registration = await registerWithConnector(ports.proxy, {
      connectorUrl: settings.connector.url,
      appId: ports.appId,
      secret: secrets.connectorSecret,
      settings,
      secrets: {
        callconnectToken: secrets.callconnectToken,
        customerApiToken: secrets.customerApiToken,
        historyApiToken: secrets.historyApiToken,
        basicAuthUser: secrets.basicAuthUser,
        basicAuthPassword: secrets.basicAuthPassword,
      },
      kintoneBaseUrl: ports.kintoneBaseUrl,
    }).catch((err: unknown): ConnectorFailure => ({ kind: "unreachable", reason: err instanceof Error ? err.message : String(err) }));
  }
  await ports.setConfig(config);
  return { registration } as SaveOutcome;
}
