// `npm run setup` against a fresh emulator: both apps made from the templates, the plugin imported and added to the
// customer app, what is left printed with its URLs; a second run makes nothing and says so.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

const run = promisify(execFile);
let env: RunningEmulator;
let dir: string;
let zip: string;

const setupOn = (url: string, ...args: string[]) =>
  run(
    "node_modules/.bin/tsx",
    ["src/setup/cli.ts", "--base-url", url, "--username", "Administrator", "--plugin", zip, "--state", join(dir, "state.json"), ...args],
    { env: { ...process.env, KINTONE_PASSWORD: "sandbox" }, timeout: 90_000 },
  );
const setup = (...args: string[]) => setupOn(env.url, ...args);

beforeAll(async () => {
  env = await startEmulatorServer();
  env.emulator.users.add(ADMINISTRATOR);
  env.emulator.users.add({ ...ADMINISTRATOR, code: "yamada", isAdmin: false });
  dir = mkdtempSync(join(tmpdir(), "setup-cli-"));
  zip = join(dir, "plugin.zip");
  copyFileSync("dist/plugin.zip", zip);
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

const admin = () => new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "Administrator", password: "sandbox" } });

describe("npm run setup", () => {
  it("makes both apps, imports the plugin, adds it to the customer app and says what is left", async () => {
    const { stdout } = await setup("--yes");
    const { apps } = await admin().app.getApps({});
    const byName = Object.fromEntries(apps.map((a) => [a.name, a.appId]));
    expect(Object.keys(byName).sort()).toEqual(["通話履歴", "顧客管理"].sort());
    const history = byName["通話履歴"] as string;
    const customer = byName["顧客管理"] as string;

    const historyFields = (await admin().app.getFormFields({ app: history })).properties;
    expect(historyFields.CallID).toMatchObject({ unique: true });
    expect(historyFields.対応結果).toMatchObject({ type: "SINGLE_LINE_TEXT" });
    const customerFields = (await admin().app.getFormFields({ app: customer })).properties;
    expect(customerFields.通話履歴).toMatchObject({ type: "REFERENCE_TABLE", referenceTable: { relatedApp: { app: history } } });
    const { plugins } = await admin().app.getPlugins({ app: customer });
    expect(plugins).toHaveLength(1);
    const pluginId = plugins[0]?.id ?? "";
    expect((await admin().plugin.getPlugins({ ids: [pluginId] })).plugins).toHaveLength(1);

    expect(stdout).toContain("「通話履歴」を作成しました");
    expect(stdout).toContain(`${env.url}/k/admin/app/apitoken?app=${customer}`);
    expect(stdout).toContain(`${env.url}/k/admin/app/apitoken?app=${history}`);
    expect(stdout).toContain(`${env.url}/k/admin/app/${customer}/plugin/config?pluginId=${pluginId}`);
    expect(stdout).toContain("レコード閲覧");
  }, 120_000);

  it("changes nothing on a second run and says so", async () => {
    const before = (await admin().app.getApps({})).apps.map((a) => [a.appId, a.name]);
    const { stdout } = await setup("--yes");
    expect(stdout).toContain("Nothing changed");
    expect(stdout).not.toContain("作成しました");
    expect((await admin().app.getApps({})).apps.map((a) => [a.appId, a.name])).toEqual(before);
  }, 120_000);

  it("with --app, adds the history panel and the plugin to an existing customer app, once", async () => {
    const existing = String(
      env.emulator.apps.create({
        name: "取引先",
        properties: { 電話番号: { type: "SINGLE_LINE_TEXT", code: "電話番号", label: "電話番号" } as never },
      }),
    );
    const { stdout } = await setup("--yes", "--app", existing);
    expect(stdout).toContain(`アプリ ${existing} にスペースと関連レコード一覧を追加しました`);
    const { layout } = await admin().app.getFormLayout({ app: existing });
    expect(JSON.stringify(layout)).toContain('"elementId":"call_history"');
    const fields = (await admin().app.getFormFields({ app: existing })).properties;
    expect(Object.values(fields).some((f) => f.type === "REFERENCE_TABLE")).toBe(true);
    expect((await admin().app.getPlugins({ app: existing })).plugins).toHaveLength(1);
    expect((await setup("--yes", "--app", existing)).stdout).toContain("Nothing changed");
  }, 120_000);

  it("passes the Basic layer of an IP-restricted tenant", async () => {
    env.emulator.setBasicAuth({ user: "gate", password: "pass" });
    try {
      const refused = await setup("--yes").then(
        () => null,
        (e: { stderr: string }) => e.stderr,
      );
      expect(refused).toContain("kintone への接続");
      const { stdout } = await setup("--yes", "--basic-auth-user", "gate", "--basic-auth-password", "pass");
      expect(stdout).toContain("Nothing changed");
    } finally {
      env.emulator.setBasicAuth(null);
    }
  }, 120_000);

  it("names the step and kintone's error when the user is not an administrator", async () => {
    const failed = await run(
      "node_modules/.bin/tsx",
      ["src/setup/cli.ts", "--base-url", env.url, "--username", "yamada", "--plugin", zip, "--yes"],
      { env: { ...process.env, KINTONE_PASSWORD: "sandbox" }, timeout: 90_000 },
    ).then(
      () => null,
      (e: { stderr: string; code: number }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("kintone への接続");
    expect(failed?.stderr).toContain("権限がありません");
  }, 120_000);
});

describe("npm run setup after a failed run", () => {
  it("uses the app a run created but could not deploy, never a second one", async () => {
    const fresh = await startEmulatorServer();
    try {
      fresh.emulator.users.add(ADMINISTRATOR);
      fresh.emulator.faults.inject({ method: "POST", path: "/k/v1/preview/app/deploy.json", kind: "5xx" });
      const failed = await setupOn(fresh.url, "--yes").then(
        () => null,
        (e: { stderr: string }) => e.stderr,
      );
      expect(failed).toContain("運用環境への反映");
      await setupOn(fresh.url, "--yes");
      const client = new KintoneRestAPIClient({ baseUrl: fresh.url, auth: { username: "Administrator", password: "sandbox" } });
      const { apps } = await client.app.getApps({});
      expect(apps.map((a) => a.name).sort()).toEqual(["通話履歴", "顧客管理"].sort());
      // The history app is the one the failed run made (app 1), and no other app was started: the customer app is 2.
      expect(apps.map((a) => a.appId).sort()).toEqual(["1", "2"]);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
