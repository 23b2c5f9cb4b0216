// Typed Promise wrappers over kintone.plugin.app.* for the config screen. The only module that touches them.

/** What `getProxyConfig` returns for one URL + method; null when nothing is saved. */
export interface ProxyConfig {
  headers: Record<string, string>;
  data: Record<string, string>;
}

/** One saved proxy config as kintone keeps it: the URL prefix and method it applies to, and what it adds. */
export interface SavedProxyConfig extends ProxyConfig {
  url: string;
  method: string;
}

export function pluginId(): string {
  return kintone.$PLUGIN_ID;
}

export function getPluginConfig(): Record<string, string> {
  return (kintone.plugin.app.getConfig(pluginId()) ?? {}) as Record<string, string>;
}

/** Saves the plugin config. kintone stays on the page because a callback is given; the caller decides where to go. */
export function setPluginConfig(config: Record<string, string>): Promise<void> {
  return new Promise((resolve) => kintone.plugin.app.setConfig(config, () => resolve()));
}

export function getProxyConfig(url: string, method: string): ProxyConfig | null {
  if (!url) return null;
  const found = kintone.plugin.app.getProxyConfig(url, method) as Partial<ProxyConfig> | null | undefined;
  if (!found) return null;
  return { headers: { ...(found.headers ?? {}) }, data: { ...(found.data ?? {}) } };
}

export function setProxyConfig(url: string, method: string, headers: Record<string, string>, data: Record<string, string>): Promise<void> {
  return new Promise((resolve) => kintone.plugin.app.setProxyConfig(url, method, headers, data, () => resolve()));
}
