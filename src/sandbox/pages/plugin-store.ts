// Server-side plugin state kintone keeps per app: installed plugins, their config and their proxy config.
import type { Database } from "better-sqlite3";
import type { SavedProxyConfig } from "../../kintone-js/plugin-config";

export type SavedProxy = SavedProxyConfig;

export interface PluginStore {
  install(appId: number, pluginId: string): void;
  installedOn(appId: number): string[];
  /** Apps with at least one plugin, in id order. */
  appsWithPlugins(): number[];
  getConfig(appId: number, pluginId: string): Record<string, string>;
  setConfig(appId: number, pluginId: string, config: Record<string, string>): void;
  proxyConfigs(appId: number, pluginId: string): SavedProxy[];
  setProxyConfig(appId: number, pluginId: string, saved: SavedProxy): void;
  /** kintone's rule: same app + plugin + method, saved URL a case-sensitive prefix of the request URL, longest wins. */
  matchProxy(appId: number, pluginId: string, method: string, url: string): SavedProxy | null;
  /** The sandbox moved (another port): rewrite saved URLs and settings that point at the old origin. */
  moveOrigin(from: string, to: string): void;
}

export function createPluginStore(db: Database): PluginStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS k_plugin_installed (app INTEGER NOT NULL, plugin_id TEXT NOT NULL, PRIMARY KEY (app, plugin_id));
    CREATE TABLE IF NOT EXISTS k_plugin_config (app INTEGER NOT NULL, plugin_id TEXT NOT NULL, config TEXT NOT NULL, PRIMARY KEY (app, plugin_id));
    CREATE TABLE IF NOT EXISTS k_plugin_proxy (app INTEGER NOT NULL, plugin_id TEXT NOT NULL, url TEXT NOT NULL, method TEXT NOT NULL,
      headers TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (app, plugin_id, url, method));
  `);
  const rowToProxy = (r: { url: string; method: string; headers: string; data: string }): SavedProxy => ({
    url: r.url,
    method: r.method,
    headers: JSON.parse(r.headers) as Record<string, string>,
    data: JSON.parse(r.data) as Record<string, string>,
  });
  type ProxyRow = { url: string; method: string; headers: string; data: string };

  return {
    install(appId, pluginId) {
      db.prepare("INSERT OR IGNORE INTO k_plugin_installed (app, plugin_id) VALUES (?, ?)").run(appId, pluginId);
    },
    installedOn(appId) {
      return (
        db.prepare("SELECT plugin_id FROM k_plugin_installed WHERE app = ? ORDER BY plugin_id").all(appId) as { plugin_id: string }[]
      ).map((r) => r.plugin_id);
    },
    appsWithPlugins() {
      return (db.prepare("SELECT DISTINCT app FROM k_plugin_installed ORDER BY app").all() as { app: number }[]).map((r) => r.app);
    },
    getConfig(appId, pluginId) {
      const row = db.prepare("SELECT config FROM k_plugin_config WHERE app = ? AND plugin_id = ?").get(appId, pluginId) as
        { config: string } | undefined;
      return row ? (JSON.parse(row.config) as Record<string, string>) : {};
    },
    setConfig(appId, pluginId, config) {
      db.prepare("INSERT OR REPLACE INTO k_plugin_config (app, plugin_id, config) VALUES (?, ?, ?)").run(
        appId,
        pluginId,
        JSON.stringify(config),
      );
    },
    proxyConfigs(appId, pluginId) {
      const rows = db
        .prepare("SELECT url, method, headers, data FROM k_plugin_proxy WHERE app = ? AND plugin_id = ?")
        .all(appId, pluginId) as ProxyRow[];
      return rows.map(rowToProxy);
    },
    setProxyConfig(appId, pluginId, saved) {
      db.prepare("INSERT OR REPLACE INTO k_plugin_proxy (app, plugin_id, url, method, headers, data) VALUES (?, ?, ?, ?, ?, ?)").run(
        appId,
        pluginId,
        saved.url,
        saved.method.toUpperCase(),
        JSON.stringify(saved.headers),
        JSON.stringify(saved.data),
      );
    },
    matchProxy(appId, pluginId, method, url) {
      const rows = db
        .prepare("SELECT url, method, headers, data FROM k_plugin_proxy WHERE app = ? AND plugin_id = ? AND method = ?")
        .all(appId, pluginId, method.toUpperCase()) as ProxyRow[];
      // startsWith is case-sensitive, as kintone's match is.
      const hits = rows.filter((r) => url.startsWith(r.url)).sort((a, b) => b.url.length - a.url.length);
      return hits[0] ? rowToProxy(hits[0]) : null;
    },
    moveOrigin(from, to) {
      db.transaction(() => {
        db.prepare("UPDATE k_plugin_config SET config = replace(config, ?, ?)").run(from, to);
        db.prepare("UPDATE OR REPLACE k_plugin_proxy SET url = replace(url, ?, ?) WHERE substr(url, 1, length(?)) = ?").run(
          from,
          to,
          from,
          from,
        );
      })();
    },
  };
}
