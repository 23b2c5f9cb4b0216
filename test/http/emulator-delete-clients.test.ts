// The official clients' deletes work unchanged: they send revisions [null, …], which kintone reads as "don't check".
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../helpers/emulator";

const run = promisify(execFile);
const CLI = "node_modules/.bin/cli-kintone";
let env: RunningEmulator;
let dir: string;

beforeAll(async () => {
  env = await startEmulatorServer();
  dir = mkdtempSync(join(tmpdir(), "cli-kintone-delete-"));
  env.emulator.users.add(ADMINISTRATOR);
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh app with `n` records (some updated, so revisions differ) and a token that may do everything. */
function appWith(n: number): { app: number; token: string; ids: string[] } {
  const app = env.emulator.apps.create({ name: "削除", properties: form(field.text("名前")) });
  const token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
  const ids = Array.from({ length: n }, (_, i) => env.emulator.records.add(app, { 名前: { value: `r${i}` } }, "Administrator").id);
  return { app, token, ids };
}
const cliDelete = (app: number, token: string, ...args: string[]) =>
  run(CLI, ["record", "delete", "--base-url", env.url, "--app", String(app), "--api-token", token, "--yes", ...args]);

describe("deletes by the official clients", () => {
  it("cli-kintone record delete --yes removes every record of the app", async () => {
    const { app, token } = appWith(130);
    await cliDelete(app, token);
    expect(env.emulator.records.count(app)).toBe(0);
  });

  it("cli-kintone record delete --file-path removes the records listed by record number", async () => {
    const { app, token, ids } = appWith(3);
    const file = join(dir, "delete.csv");
    writeFileSync(file, `"レコード番号"\n"${ids[0]}"\n"${ids[2]}"\n`);
    await cliDelete(app, token, "--file-path", file);
    expect(ids.map((id) => env.emulator.records.get(app, id) !== null)).toEqual([false, true, false]);
  });

  it("rest-api-client deleteAllRecords (bulkRequest with revisions [null, …]) removes them all", async () => {
    const { app, token, ids } = appWith(250);
    const client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    await client.record.updateRecord({ app, id: ids[0] as string, record: { 名前: { value: "改" } } });
    await client.record.deleteAllRecords({ app, records: ids.map((id) => ({ id })) });
    expect(env.emulator.records.count(app)).toBe(0);
  });

  it("deleteRecords sends revisions in the query string: empty and -1 skip the check, a stale one is GAIA_CO02", async () => {
    const { app, token, ids } = appWith(3);
    const client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    const stale = await client.record.deleteRecords({ app, ids: [Number(ids[0])], revisions: [7] }).catch((e: { code?: string }) => e);
    expect((stale as { code?: string }).code).toBe("GAIA_CO02");
    await client.record.deleteRecords({ app, ids: ids.map(Number), revisions: [-1, null as unknown as number, 1] });
    expect(env.emulator.records.count(app)).toBe(0);
  });
});
