// cli-kintone (@kintone/cli) exports and imports CSV against the emulator as it would against kintone.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

const run = promisify(execFile);
const CLI = "node_modules/.bin/cli-kintone";
let env: RunningEmulator;
let app: number;
let token: string;
let dir: string;

const cli = (...args: string[]) => run(CLI, ["record", ...args, "--base-url", env.url, "--app", String(app), "--api-token", token]);

beforeAll(async () => {
  env = await startEmulatorServer();
  dir = mkdtempSync(join(tmpdir(), "cli-kintone-"));
  env.emulator.users.add(ADMINISTRATOR);
  app = env.emulator.apps.create({
    name: "顧客管理",
    properties: form(
      field.text("会社名", { required: true }),
      field.text("顧客コード", { unique: true }),
      field.number("売上"),
      field.checkBox("タグ", ["重要", "新規"]),
      field.subtable("対応履歴", { メモ: field.text("メモ") }),
    ),
  });
  token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  env.emulator.records.add(
    app,
    {
      会社名: { value: '株式会社"引用", カンマ' },
      顧客コード: { value: "C-1" },
      売上: { value: "10" },
      タグ: { value: ["重要", "新規"] },
      対応履歴: { value: [{ value: { メモ: { value: "一回目" } } }, { value: { メモ: { value: "二回目" } } }] },
    },
    "Administrator",
  );
  env.emulator.records.add(app, { 会社名: { value: "二社目" }, 顧客コード: { value: "C-2" } }, "Administrator");
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("cli-kintone against the emulator", () => {
  it("exports records as CSV with subtable rows, quoting and system fields", async () => {
    const { stdout } = await cli("export");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe('*,"会社名","顧客コード","売上","タグ","対応履歴","メモ","レコード番号","作成者","作成日時","更新者","更新日時"');
    expect(stdout).toContain('*,"株式会社""引用"", カンマ","C-1","10","重要\n新規"');
    expect(stdout).toMatch(/,"一回目","1","Administrator","\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z"/);
    expect(stdout).toContain('"二回目"');
    expect(stdout).toMatch(/\n\*,"二社目","C-2",,,,,"2","Administrator"/); // empty values unquoted
    const filtered = await cli("export", "--condition", '顧客コード = "C-2"', "--fields", "会社名");
    expect(filtered.stdout.trim().split("\n")).toEqual(['"会社名"', '"二社目"']);
  });

  it("imports a CSV as new records, and upserts by a unique key", async () => {
    const add = join(dir, "add.csv");
    writeFileSync(add, '"会社名","顧客コード","売上"\n"三社目","C-3","30"\n"四社目","C-4","40"\n');
    await cli("import", "--file-path", add);
    expect(env.emulator.records.count(app)).toBe(4);
    expect(env.emulator.records.get(app, "4")?.売上?.value).toBe("40");

    const upsert = join(dir, "upsert.csv");
    writeFileSync(upsert, '"会社名","顧客コード","売上"\n"二社目（更新）","C-2","22"\n"五社目","C-5","50"\n');
    await cli("import", "--file-path", upsert, "--update-key", "顧客コード");
    expect(env.emulator.records.count(app)).toBe(5);
    expect(env.emulator.records.get(app, "2")?.会社名?.value).toBe("二社目（更新）");
    expect(env.emulator.records.get(app, "2")?.$revision?.value).toBe("2");
    expect(env.emulator.records.get(app, "5")?.顧客コード?.value).toBe("C-5");
  });

  it("fails the import whole when a row breaks validation", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, '"会社名","顧客コード","売上"\n"六社目","C-6","60"\n"","C-7","x"\n');
    const err = await cli("import", "--file-path", bad).then(
      () => null,
      (e: { stderr: string }) => e,
    );
    expect(err?.stderr).toContain("CB_VA01");
    expect(env.emulator.records.count(app)).toBe(5);
  });
});
