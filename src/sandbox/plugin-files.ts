// The built plugin as kintone sees it: dist/plugin.zip → contents.zip → manifest.json and the files it lists.
import { existsSync, readFileSync, statSync } from "node:fs";
import { readPluginPackage, type PluginFace, type PluginPackage } from "../node/plugin-package";

export { pluginIdOf, readPluginPackage } from "../node/plugin-package";
export type { PluginFace, PluginManifest, PluginPackage } from "../node/plugin-package";

export const BUILD_HINT = "run npm run build";

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
  /** The zip's bytes behind current(), for importing it into the emulator. */
  zip?(): Buffer | null;
}

export async function pluginSource(zipPath: string): Promise<PluginSource> {
  const stamp = () => (existsSync(zipPath) ? statSync(zipPath).mtimeMs : 0);
  let seen = stamp();
  let bytes: Buffer | null = existsSync(zipPath) ? readFileSync(zipPath) : null;
  let pkg = bytes ? await readPluginPackage(bytes, zipPath) : null;
  return {
    current: () => pkg,
    zip: () => bytes,
    async refresh() {
      const now = stamp();
      if (now === seen) return;
      seen = now;
      // A half-written zip fails to parse: keep the previous build until the next request.
      try {
        const next = readFileSync(zipPath);
        pkg = await readPluginPackage(next, zipPath);
        bytes = next;
      } catch {
        seen = 0;
      }
    },
  };
}
