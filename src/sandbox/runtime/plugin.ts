// kintone.plugin.app.*: config from the page's boot data, writes and proxies through the server.
import type { BootData, BootProxyConfig } from "./boot-data";
import { internal, proxyVia, type ProxyTuple } from "./api";

type Strings = Record<string, string>;

export function createPluginApp(boot: BootData) {
  const onConfigScreen = boot.page === "config";
  let proxyConfigs: BootProxyConfig[] | null = null;
  // getProxyConfig is synchronous in kintone. The saved secrets are fetched on first use and kept in memory only,
  // never in the page's HTML.
  const saved = (): BootProxyConfig[] => {
    if (proxyConfigs) return proxyConfigs;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/k/api/plugin/proxy-config/get", false);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.send(JSON.stringify({ app: boot.appId, pluginId: boot.configPluginId }));
    if (xhr.status !== 200) throw new Error(`getProxyConfig failed: HTTP ${xhr.status}`);
    proxyConfigs = (JSON.parse(xhr.responseText) as { proxyConfigs: BootProxyConfig[] }).proxyConfigs;
    return proxyConfigs;
  };
  const configPlugin = () => {
    if (!onConfigScreen || !boot.configPluginId) throw new Error("This API can be used only on the plug-in settings page.");
    return boot.configPluginId;
  };
  const appId = () => boot.appId;

  return {
    getConfig(pluginId: string): Strings | null {
      const found = boot.pluginConfigs[pluginId];
      return found ? { ...found } : null;
    },
    setConfig(config: Strings, callback?: () => void): void {
      const pluginId = configPlugin();
      internal("/k/api/plugin/config/set", { app: appId(), pluginId, config }).then(
        () => {
          boot.pluginConfigs[pluginId] = { ...config };
          // Without a callback kintone goes to the app's plug-in list.
          if (callback) callback();
          else location.assign(`/k/admin/app/${appId()}/plugin/`);
        },
        (err: unknown) => alert(String((err as { message?: unknown }).message ?? err)),
      );
    },
    getProxyConfig(url: string, method: string): { headers: Strings; data: Strings } | null {
      configPlugin();
      const found = saved().find((p) => p.url === url && p.method === method.toUpperCase());
      return found ? { headers: { ...found.headers }, data: { ...found.data } } : null;
    },
    setProxyConfig(url: string, method: string, headers: Strings, data: Strings, callback?: () => void): void {
      const pluginId = configPlugin();
      const m = method.toUpperCase();
      internal("/k/api/plugin/proxy-config/set", { app: appId(), pluginId, url, method: m, headers, data }).then(
        () => {
          const list = saved();
          const i = list.findIndex((p) => p.url === url && p.method === m);
          const entry = { url, method: m, headers: { ...headers }, data: { ...data } };
          if (i >= 0) list[i] = entry;
          else list.push(entry);
          callback?.();
        },
        (err: unknown) => alert(String((err as { message?: unknown }).message ?? err)),
      );
    },
    proxy: Object.assign(
      (
        pluginId: string,
        url: string,
        method: string,
        headers: Strings,
        data: unknown,
        success?: (...a: unknown[]) => void,
        failure?: (e: unknown) => void,
      ) => {
        const p: Promise<ProxyTuple> = onConfigScreen
          ? Promise.reject(new Error("kintone.plugin.app.proxy() cannot be used on the plug-in settings page."))
          : proxyVia("/k/api/plugin/proxy", { app: appId(), pluginId, url, method, headers, data });
        if (!success && !failure) return p;
        p.then(
          (r) => success?.(...r),
          (e: unknown) => failure?.(e),
        );
        return undefined;
      },
      {
        upload: () => Promise.reject(new Error("kintone.plugin.app.proxy.upload is not available in the sandbox")),
      },
    ),
  };
}

export function createProxy() {
  return Object.assign(
    (url: string, method: string, headers: Strings, data: unknown, success?: (...a: unknown[]) => void, failure?: (e: unknown) => void) => {
      const p = proxyVia("/k/api/proxy", { url, method, headers, data });
      if (!success && !failure) return p;
      p.then(
        (r) => success?.(...r),
        (e: unknown) => failure?.(e),
      );
      return undefined;
    },
    { upload: () => Promise.reject(new Error("kintone.proxy.upload is not available in the sandbox")) },
  );
}
