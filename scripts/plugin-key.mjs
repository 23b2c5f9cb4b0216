// Finds the plugin's signing key, creating ./private.ppk only when none exists.
// The plugin ID is derived from this key: a new key is a new plugin, so the key is reused, never regenerated.
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export function resolvePrivateKeyPath(root = process.cwd()) {
  const fromEnv = process.env.PLUGIN_PRIVATE_KEY;
  if (fromEnv) {
    const path = resolve(root, fromEnv);
    if (!existsSync(path)) throw new Error(`PLUGIN_PRIVATE_KEY points at ${path}, which does not exist.`);
    return path;
  }
  const path = resolve(root, "private.ppk");
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    writeFileSync(path, privateKey, { mode: 0o600 });
    console.log(
      `Created a new plugin signing key at ${path}.\n` +
        "Keep it: the same key keeps the same plugin ID, which upgrades need. Set PLUGIN_PRIVATE_KEY to use another key file.",
    );
  }
  return path;
}

/** kintone's plugin ID: sha256 of the public key's DER, first 32 hex digits mapped 0-f to a-p. */
export function pluginIdFromPrivateKey(pem) {
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  const hex = createHash("sha256").update(der).digest("hex").slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode("a".charCodeAt(0) + parseInt(c, 16)));
}

export function pluginId(root = process.cwd()) {
  return pluginIdFromPrivateKey(readFileSync(resolvePrivateKeyPath(root), "utf8"));
}
