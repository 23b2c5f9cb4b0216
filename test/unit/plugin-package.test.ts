// The built package: a valid manifest whose version follows package.json, every named file inside the zip,
// signed with the reused key, and the config screen inside its size budget. `npm test` builds before vitest.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createVerify, createPublicKey } from "node:crypto";
import { gzipSync } from "node:zlib";
import JSZip from "jszip";
import validateManifest from "@kintone/plugin-manifest-validator";
import { pluginIdFromPrivateKey, resolvePrivateKeyPath } from "../../scripts/plugin-key.mjs";

const manifest = JSON.parse(readFileSync("plugin/manifest.json", "utf8")) as Record<string, unknown> & {
  version: string;
  icon: string;
  desktop: { js: string[]; css: string[] };
  mobile: { js: string[]; css: string[] };
  config: { html: string; js: string[]; css: string[] };
};
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function namedFiles(): string[] {
  const { desktop, mobile, config } = manifest;
  return [manifest.icon, ...desktop.js, ...desktop.css, ...mobile.js, ...mobile.css, config.html, ...config.js, ...config.css];
}

describe("plugin manifest", () => {
  it("passes kintone's own manifest validator, files included", () => {
    const result = validateManifest(manifest, {
      fileExists: (p) => existsSync(`plugin/${p}`),
      maxFileSize: (max, p) => statSync(`plugin/${p}`).size <= max,
    });
    expect(result.errors).toBeNull();
    expect(result.valid).toBe(true);
  });

  it("follows package.json's version", () => {
    expect(manifest.version).toBe(pkg.version);
  });

  it("is named and described in Japanese and English", () => {
    const { name, description } = manifest as unknown as { name: Record<string, string>; description: Record<string, string> };
    expect(name.ja).toBeTruthy();
    expect(name.en).toBeTruthy();
    expect(description.ja).toBeTruthy();
    expect(description.en).toBeTruthy();
  });
});

describe("dist/plugin.zip", () => {
  it("contains every file the manifest names, signed by the project's key", async () => {
    const outer = await JSZip.loadAsync(readFileSync("dist/plugin.zip"));
    expect(Object.keys(outer.files).sort()).toEqual(["PUBKEY", "SIGNATURE", "contents.zip"]);
    const contentsZip = await outer.file("contents.zip")!.async("nodebuffer");
    const contents = await JSZip.loadAsync(contentsZip);
    for (const f of ["manifest.json", ...namedFiles()]) expect(contents.file(f), f).not.toBeNull();

    const pubkey = await outer.file("PUBKEY")!.async("nodebuffer");
    const signature = await outer.file("SIGNATURE")!.async("nodebuffer");
    const verifier = createVerify("RSA-SHA1").update(contentsZip);
    expect(verifier.verify(createPublicKey({ key: pubkey, format: "der", type: "spki" }), signature)).toBe(true);

    // Same key, same plugin ID: the ID kintone derives from PUBKEY equals the one from our key file.
    const fromKey = pluginIdFromPrivateKey(readFileSync(resolvePrivateKeyPath(), "utf8"));
    const fromZip = pluginIdFromPrivateKey(
      createPublicKey({ key: pubkey, format: "der", type: "spki" }).export({ type: "pkcs1", format: "pem" }) as string,
    );
    expect(fromZip).toBe(fromKey);
    expect(fromKey).toMatch(/^[a-p]{32}$/);
  });

  it("keeps config.js within 60 KB gzipped", () => {
    expect(gzipSync(readFileSync("plugin/js/config.js"), { level: 9 }).length).toBeLessThanOrEqual(60 * 1024);
  });
});
