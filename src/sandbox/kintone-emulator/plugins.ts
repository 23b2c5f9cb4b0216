// The tenant's imported plugins (kintone system administration > plug-ins), the files uploaded for them, and which
// apps have them added. k_plugin_installed is shared with the sandbox's pages (pages/plugin-store.ts reads it).
import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";
import { readPluginPackage, type PluginPackage } from "../plugin-files.js";
import { KintoneEmulatorError, paramError } from "./errors.js";

export interface ImportedPlugin {
  id: string;
  name: Record<string, string>;
  description: Record<string, string>;
  version: string;
  /** Increases on every import or update: readers re-parse the zip when it moves. */
  stamp: number;
}

interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

interface Row {
  id: string;
  manifest: string;
  stamp: number;
}

export function createPlugins(db: Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS k_plugins (id TEXT PRIMARY KEY, zip BLOB NOT NULL, manifest TEXT NOT NULL, stamp INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS k_plugin_installed (app INTEGER NOT NULL, plugin_id TEXT NOT NULL, PRIMARY KEY (app, plugin_id));
  `);
  // kintone keeps an uploaded file's key for a few days; here, as long as the process runs.
  const files = new Map<string, UploadedFile>();
  const toPlugin = (r: Row): ImportedPlugin => {
    const m = JSON.parse(r.manifest) as PluginPackage["manifest"];
    return { id: r.id, name: m.name, description: m.description ?? {}, version: String(m.version), stamp: r.stamp };
  };
  const nextStamp = () => (db.prepare<[], { n: number | null }>("SELECT MAX(stamp) AS n FROM k_plugins").get()?.n ?? 0) + 1;

  async function parse(zip: Buffer, checkSignature = true): Promise<PluginPackage> {
    try {
      return await readPluginPackage(zip, "the plug-in file", checkSignature);
    } catch {
      throw paramError("fileKey", "plugin.badFile");
    }
  }

  function store(pkg: PluginPackage, zip: Buffer): { id: string; version: string } {
    db.prepare("INSERT OR REPLACE INTO k_plugins (id, zip, manifest, stamp) VALUES (?, ?, ?, ?)").run(
      pkg.id,
      zip,
      JSON.stringify(pkg.manifest),
      nextStamp(),
    );
    return { id: pkg.id, version: String(pkg.manifest.version) };
  }

  function fileOf(fileKey: unknown): Buffer {
    if (typeof fileKey !== "string" || fileKey === "") throw paramError("fileKey", "param.required");
    const file = files.get(fileKey);
    if (!file) throw paramError("fileKey", "file.notFound", fileKey);
    return file.data;
  }

  return {
    upload(file: UploadedFile): string {
      const key = randomUUID();
      files.set(key, file);
      return key;
    },
    get(id: string): ImportedPlugin | null {
      const row = db.prepare<[string], Row>("SELECT id, manifest, stamp FROM k_plugins WHERE id = ?").get(id);
      return row ? toPlugin(row) : null;
    },
    zip(id: string): Buffer | null {
      return db.prepare<[string], { zip: Buffer }>("SELECT zip FROM k_plugins WHERE id = ?").get(id)?.zip ?? null;
    },
    list(): ImportedPlugin[] {
      return db.prepare<[], Row>("SELECT id, manifest, stamp FROM k_plugins ORDER BY stamp").all().map(toPlugin);
    },
    /** POST plugin.json: a plugin already imported is refused (kintone wants PUT for it). */
    async importFile(fileKey: unknown): Promise<{ id: string; version: string }> {
      const zip = fileOf(fileKey);
      const pkg = await parse(zip);
      if (this.get(pkg.id)) throw paramError("fileKey", "plugin.installed");
      return store(pkg, zip);
    },
    /** PUT plugin.json: the file must hold the same plugin (same key, so the same ID). */
    async updateFile(id: unknown, fileKey: unknown): Promise<{ id: string; version: string }> {
      if (typeof id !== "string" || id === "") throw paramError("id", "param.required");
      if (!this.get(id)) throw new KintoneEmulatorError("CB_VA01", [], { id: [{ key: "plugin.notFound", args: [id] }] });
      const zip = fileOf(fileKey);
      const pkg = await parse(zip);
      if (pkg.id !== id) throw paramError("fileKey", "plugin.otherId");
      return store(pkg, zip);
    },
    /** The sandbox's own build (dist/plugin.zip), imported or updated as an administrator would. Its signature is not
     * checked: the developer's own build is trusted (and tests rewrite it in place); REST uploads are checked. */
    async put(zip: Buffer): Promise<{ id: string; version: string }> {
      return store(await parse(zip, false), zip);
    },
    appsUsing(id: string): number[] {
      return db
        .prepare<[string], { app: number }>("SELECT app FROM k_plugin_installed WHERE plugin_id = ? ORDER BY app")
        .all(id)
        .map((r) => r.app);
    },
    addedTo(appId: number): string[] {
      return db
        .prepare<[number], { plugin_id: string }>("SELECT plugin_id FROM k_plugin_installed WHERE app = ? ORDER BY rowid")
        .all(appId)
        .map((r) => r.plugin_id);
    },
    addTo(appId: number, ids: string[]): void {
      const stmt = db.prepare("INSERT OR IGNORE INTO k_plugin_installed (app, plugin_id) VALUES (?, ?)");
      for (const id of ids) stmt.run(appId, id);
    },
  };
}
export type Plugins = ReturnType<typeof createPlugins>;
