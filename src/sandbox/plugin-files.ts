// The built plugin as kintone sees it: dist/plugin.zip → contents.zip → manifest.json and the files it lists.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import JSZip from "jszip";

export interface PluginFace {
  js: string[];
  css: string[];
}

export interface PluginManifest {
  name: Record<string, string>;
  version: string | number;
  desktop?: Partial<PluginFace>;
  mobile?: Partial<PluginFace>;
  config?: Partial<PluginFace> & { html?: string; required_params?: string[] };
}

export interface PluginPackage {
  id: string;
  manifest: PluginManifest;
  /** Files of contents.zip by their path in the manifest. */
  files: Map<string, Buffer>;
}

export const BUILD_HINT = "run npm run build";

/** kintone's plugin ID: sha256 of the PUBKEY (DER), first 32 hex digits mapped 0-f to a-p. */
export function pluginIdOf(publicKeyDer: Buffer): string {
  const hex = createHash("sha256").update(publicKeyDer).digest("hex").slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
}

/** null when the zip is missing (the plugin was never built). */
export async function loadPluginPackage(zipPath: string): Promise<PluginPackage | null> {
  if (!existsSync(zipPath)) return null;
  const outer = await JSZip.loadAsync(readFileSync(zipPath));
  const pubkey = await outer.file("PUBKEY")?.async("nodebuffer");
  const contents = await outer.file("contents.zip")?.async("nodebuffer");
  if (!pubkey || !contents) throw new Error(`${zipPath} is not a kintone plugin package (PUBKEY or contents.zip missing)`);
  const inner = await JSZip.loadAsync(contents);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(inner.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async("nodebuffer"));
  }
  const manifestRaw = files.get("manifest.json");
  if (!manifestRaw) throw new Error(`${zipPath}: contents.zip has no manifest.json`);
  return { id: pluginIdOf(pubkey), manifest: JSON.parse(manifestRaw.toString("utf8")) as PluginManifest, files };
}

export type PluginFaceName = "desktop" | "mobile" | "config";

/** The face's files in manifest order; only files inside the package (kintone also allows https URLs). */
export function faceFiles(pkg: PluginPackage, face: PluginFaceName): PluginFace {
  const f = pkg.manifest[face] ?? {};
  const inside = (paths: string[] | undefined) => (paths ?? []).filter((p) => pkg.files.has(p));
  return { js: inside(f.js), css: inside(f.css) };
}

export interface PluginSource {
  current(): PluginPackage | null;
  /** Re-reads the zip when `npm run build` replaced it, so a rebuilt plugin shows on the next page load. */
  refresh(): Promise<void>;
}

export async function pluginSource(zipPath: string): Promise<PluginSource> {
  const stamp = () => (existsSync(zipPath) ? statSync(zipPath).mtimeMs : 0);
  let seen = stamp();
  let pkg = await loadPluginPackage(zipPath);
  return {
    current: () => pkg,
    async refresh() {
      const now = stamp();
      if (now === seen) return;
      seen = now;
      // A half-written zip fails to parse: keep the previous build until the next request.
      pkg = await loadPluginPackage(zipPath).catch(() => ((seen = 0), pkg));
    },
  };
}
