// kintone.plugin.app.*: config from the page's boot data, writes and proxies through the server.
import type { BootData, BootProxyConfig } from "./boot-data";
import { internal, proxyVia, type ProxyTuple } from "./api";

type Strings = Record<string, string>;

export function createPluginApp(boot: BootData) {
  const onConfigScreen = boot.page === "config";
  const proxyConfigs: BootProxyConfig[] = [...(boot.proxyConfigs ?? [])];
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
      const found = proxyConfigs.find((p) => p.url === url && p.method === method.toUpperCase());
      return found ? { headers: { ...found.headers }, data: { ...found.data } } : null;
    },
    setProxyConfig(url: string, method: string, headers: Strings, data: Strings, callback?: () => void): void {
      const pluginId = configPlugin();
      const m = method.toUpperCase();
      internal("/k/api/plugin/proxy-config/set", { app: appId(), pluginId, url, method: m, headers, data }).then(
        () => {
          const i = proxyConfigs.findIndex((p) => p.url === url && p.method === m);
          const saved = { url, method: m, headers: { ...headers }, data: { ...data } };
          if (i >= 0) proxyConfigs[i] = saved;
          else proxyConfigs.push(saved);
          callback?.();
        },
        (err: unknown) => alert(String((err as { message?: unknown }).message ?? err)),
      );
    },
    proxy: Object.assign(
      (pluginId: string, url: string, method: string, headers: Strings, data: unknown, success?: (...a: unknown[]) => void, failure?: (e: unknown) => void) => {
        const p: Promise<ProxyTuple> = onConfigScreen
          ? Promise.reject(new Error("kintone.plugin.app.proxy() cannot be used on the plug-in settings page."))
          : proxyVia("/k/api/plugin/proxy", { app: appId(), pluginId, url, method, headers, data });
        if (!success && !failure) return p;
        p.then((r) => success?.(...r), (e: unknown) => failure?.(e));
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
      p.then((r) => success?.(...r), (e: unknown) => failure?.(e));
      return undefined;
    },
    { upload: () => Promise.reject(new Error("kintone.proxy.upload is not available in the sandbox")) },
  );
}
