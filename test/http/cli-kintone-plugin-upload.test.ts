// kintone's own tool, `cli-kintone plugin upload`, against the sandbox: it imports the built zip, a new build signed with
// the same key updates the same plugin ID, the plugin admin page lists it, and the pages then run what was uploaded.
import { execFile } from "node:child_process";
import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server";
import { pluginIdOf } from "../../src/sandbox/plugin-files";
import { authHeader } from "../helpers/sandbox";

const run = promisify(execFile);
const CLI = "node_modules/.bin/cli-kintone";
let sb: Sandbox;
let dir: string;
let firstZip: string;
let expectedId: string;

const upload = (zip: string, user = "Administrator") =>
  run(CLI, ["plugin", "upload", "--input", zip, "--base-url", sb.url, "--username", user, "--password", "sandbox", "--yes"], {
    timeout: 60_000,
  });

/** The same plugin rebuilt: another version and a marked desktop script, signed with the same key. */
async function rebuild(from: string, to: string, version: string, marker: string): Promise<void> {
  const outer = await JSZip.loadAsync(readFileSync(from));
  const inner = await JSZip.loadAsync(await outer.file("contents.zip")!.async("nodebuffer"));
  const manifest = JSON.parse(await inner.file("manifest.json")!.async("string")) as { version: string; desktop: { js: string[] } };
  manifest.version = version;
  inner.file("manifest.json", JSON.stringify(manifest));
  const desktop = manifest.desktop.js[0]!;
  inner.file(desktop, `${await inner.file(desktop)!.async("string")}\n/*${marker}*/`);
  const contents = await inner.generateAsync({ type: "nodebuffer" });
  const key = createPrivateKey(readFileSync(process.env.PLUGIN_PRIVATE_KEY ?? "private.ppk", "utf8"));
  const zip = new JSZip();
  zip.file("contents.zip", contents);
  zip.file("PUBKEY", createPublicKey(key).export({ type: "spki", format: "der" }));
  zip.file("SIGNATURE", sign("RSA-SHA1", contents, key));
  writeFileSync(to, await zip.generateAsync({ type: "nodebuffer" }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "plugin-upload-"));
  // A copy: other builds may replace dist/plugin.zip while this runs.
  firstZip = join(dir, "plugin.zip");
  copyFileSync("dist/plugin.zip", firstZip);
  const outer = await JSZip.loadAsync(readFileSync(firstZip));
  expectedId = pluginIdOf(await outer.file("PUBKEY")!.async("nodebuffer"));
  // A tenant without the plugin: the sandbox has no build of its own to import.
  sb = await startSandbox({ port: 0, dataDir: join(dir, "data"), quiet: true, withConnector: false, pluginZipPath: join(dir, "none.zip") });
}, 60_000);
afterAll(async () => {
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});

const admin = () => new KintoneRestAPIClient({ baseUrl: sb.url, auth: { username: "Administrator", password: "sandbox" } });

describe("cli-kintone plugin upload", () => {
  it("imports the built zip under the ID its key gives", async () => {
    expect((await admin().plugin.getPlugins({ ids: [expectedId] })).plugins).toEqual([]);
    const { stderr, stdout } = await upload(firstZip);
    expect(`${stdout}${stderr}`).toContain("Plugin is installed successfully.");
    const { plugins } = await admin().plugin.getPlugins({ ids: [expectedId] });
    expect(plugins).toEqual([expect.objectContaining({ id: expectedId, version: "0.1.0", isMarketPlugin: false })]);
    expect(plugins[0]?.name).toMatch(/\S/);
    // A page seen now loads this first build; the update below must replace it.
    const listed = await (await fetch(`${sb.url}/k/admin/system/plugin/`, { headers: authHeader() })).text();
    expect(listed).toContain('<td class="k-plugin-version">0.1.0</td>');
  }, 90_000);

  it("updates the same plugin ID with a new build signed by the same key", async () => {
    const second = join(dir, "plugin-2.zip");
    await rebuild(firstZip, second, "0.1.1", "second-build");
    const { stderr, stdout } = await upload(second);
    expect(`${stdout}${stderr}`).toContain("Current version: 0.1.0");
    const { plugins } = await admin().plugin.getPlugins({});
    expect(plugins.map((p) => [p.id, p.version])).toEqual([[expectedId, "0.1.1"]]);
  }, 90_000);

  it("is refused for a user who is not a kintone administrator", async () => {
    const failed = await upload(firstZip, "yamada").then(
      () => null,
      (e: { stderr?: string; stdout?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
    expect(failed).toContain("CB_NO02");
  }, 90_000);

  it("lists the plugin on the plugin admin page with its version, ID, description and the apps using it", async () => {
    const client = admin();
    await client.app.addPlugins({ app: 1, ids: [expectedId] });
    await client.app.deployApp({ apps: [{ app: 1 }] });
    for (let i = 0; i < 10 && (await client.app.getDeployStatus({ apps: [1] })).apps[0]?.status !== "SUCCESS"; i++);
    const res = await fetch(`${sb.url}/k/admin/system/plugin/`, { headers: authHeader() });
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = new RegExp(`<tr data-plugin-id="${expectedId}">(.*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row).toContain('<td class="k-plugin-version">0.1.1</td>');
    expect(row).toContain(`<code>${expectedId}</code>`);
    expect(row).toContain("コールコネクト");
    expect(row).toContain('<a href="/k/1/">顧客管理</a>');
    expect((await fetch(`${sb.url}/k/admin/system/plugin/`, { headers: authHeader("yamada") })).status).toBe(403);
    const portal = await (await fetch(`${sb.url}/k/`, { headers: authHeader() })).text();
    expect(portal).toContain('href="/k/admin/system/plugin/"');
  });

  it("is what the sandbox's pages then load", async () => {
    const page = await (await fetch(`${sb.url}/k/1/`, { headers: authHeader() })).text();
    const script = /<script src="(\/k\/static\/plugin\/[a-p]{32}\/js\/desktop\.js)"><\/script>/.exec(page)?.[1];
    expect(script).toContain(expectedId);
    const js = await (await fetch(`${sb.url}${script}`, { headers: authHeader() })).text();
    expect(js.includes("/*second-build*/")).toBe(true);
  });
});
