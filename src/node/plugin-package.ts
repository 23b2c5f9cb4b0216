// A kintone plugin package as kintone reads it: PUBKEY, SIGNATURE and contents.zip with manifest.json and the files it
// lists. Read by the sandbox (its build, uploads to the emulator) and by `npm run setup` (the zip it uploads).
import { createHash, createPublicKey, verify } from "node:crypto";
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

/** kintone's plugin ID: sha256 of the PUBKEY (DER), first 32 hex digits mapped 0-f to a-p. */
export function pluginIdOf(publicKeyDer: Buffer): string {
  const hex = createHash("sha256").update(publicKeyDer).digest("hex").slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
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
