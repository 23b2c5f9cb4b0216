// Keeps plugin/manifest.json's version equal to package.json's (runs on `npm version`).
import { readFileSync, writeFileSync } from "node:fs";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const manifest = JSON.parse(readFileSync("plugin/manifest.json", "utf8"));
if (manifest.version !== pkg.version) {
  manifest.version = pkg.version;
  writeFileSync("plugin/manifest.json", JSON.stringify(manifest, null, 2) + "\n");
  console.log(`plugin/manifest.json version set to ${pkg.version}`);
}
