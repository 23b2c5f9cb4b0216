// The built plugin as kintone sees it: dist/plugin.zip → contents.zip → manifest.json and the files it lists.
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import JSZip from "jszip";

export interface PluginFace {
  js: string[];
  css: string[];
}

export interface PluginManifest {
  name: Record<string, string>;
  description?: Record<string, string>;
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
  return readPluginPackage(readFileSync(zipPath), zipPath);
}

/** Parses a plugin zip; `checkSignature` refuses one whose SIGNATURE does not verify contents.zip (as kintone does). */
export async function readPluginPackage(zip: Buffer, name = "the plugin zip", checkSignature = false): Promise<PluginPackage> {
  const outer = await JSZip.loadAsync(zip);
  const pubkey = await outer.file("PUBKEY")?.async("nodebuffer");
  const contents = await outer.file("contents.zip")?.async("nodebuffer");
  if (!pubkey || !contents) throw new Error(`${name} is not a kintone plugin package (PUBKEY or contents.zip missing)`);
  if (checkSignature) {
    const signature = await outer.file("SIGNATURE")?.async("nodebuffer");
    const key = createPublicKey({ key: pubkey, format: "der", type: "spki" });
    if (!signature || !verify("RSA-SHA1", contents, key, signature)) throw new Error(`${name}: the signature does not match`);
  }
  const inner = await JSZip.loadAsync(contents);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(inner.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async("nodebuffer"));
  }
  const manifestRaw = files.get("manifest.json");
  if (!manifestRaw) throw new Error(`${name}: contents.zip has no manifest.json`);
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
