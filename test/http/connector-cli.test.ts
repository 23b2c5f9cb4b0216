// The command line, headless: register from a file, one sync, then status — against the emulator and simulator.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";

let h: Harness;
let dir: string;

function cli(
  args: string[],
  envChange: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/connector/cli.ts", ...args], {
      env: {
        ...process.env,
        CONNECTOR_DATA_DIR: dir,
        CONNECTOR_ENCRYPTION_KEY: "cli-test-encryption-key-0123456789",
        CONNECTOR_PUBLIC_URL: "https://connector.example/",
        LOG_LEVEL: "silent",
        ...envChange,
      },
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    p.on("exit", (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), "connector-cli-"));
  for (let i = 0; i < 3; i++)
    await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: `CLI${i}` }, 電話番号: { value: `03-8000-000${i}` } } });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("registers from a file, syncs once and reports the status", async () => {
  const file = join(dir, "app1.json");
  writeFileSync(file, JSON.stringify(h.registration()));
  const reg = await cli(["register", "--app", "1", "--file", file]);
  expect(reg.stderr).toBe("");
  expect(JSON.parse(reg.stdout).webhooks.callconnect).toMatch(/^https:\/\/connector\.example\/webhooks\/callconnect\/1\?key=/);

  const sync = await cli(["sync", "--app", "1"]);
  expect(sync.code).toBe(0);
  expect(sync.stdout).toContain('"kind":"initial"');
  expect(sync.stdout).toContain('"queued":3');

  const status = await cli(["status", "--lang", "en"]);
  const parsed = JSON.parse(status.stdout) as { app: string; done: number; pending: number; failed: number; lastSyncAt: string }[];
  expect(parsed[0]).toMatchObject({ app: "1", done: 3, pending: 0, failed: 0 });
  expect(parsed[0]!.lastSyncAt).not.toBeNull();
  expect(status.stdout).not.toContain(h.tokens.customer);

  const bad = await cli(["sync", "--app", "9"]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain("app 9 is not registered");
}, 60_000);

it("adds a tenant, registers and syncs its app 1 beside the connector's own, and rotates its secret", async () => {
  const added = await cli(["tenant", "add", "acme", "--kintone", `${h.kintoneUrl}/`]);
  expect(added.code).toBe(0);
  const made = JSON.parse(added.stdout) as { id: string; secret: string; connectorUrl: string; kintone: string };
  expect(made).toMatchObject({ id: "acme", connectorUrl: "https://connector.example/t/acme/", kintone: h.kintoneUrl });
  expect(added.stderr).toContain("コネクタの共有シークレット");
  const again = await cli(["tenant", "add", "acme"]);
  expect(again.stderr.trim()).toBe('tenant "acme" exists already (rotate-secret gives it a new secret)');

  const file = join(dir, "acme1.json");
  writeFileSync(file, JSON.stringify(h.registration()));
  const reg = await cli(["register", "--app", "acme/1", "--file", file]);
  expect(reg.stderr).toBe("");
  expect(JSON.parse(reg.stdout).webhooks.callconnect).toMatch(/^https:\/\/connector\.example\/t\/acme\/webhooks\/callconnect\/1\?key=/);
  const unknownTenant = await cli(["register", "--app", "ghost/1", "--file", file]);
  expect(unknownTenant.stderr).toContain('tenant "ghost" does not exist');
  expect((await cli(["sync", "--app", "acme/1"])).stdout).toContain('"app":"acme/1"');

  const statuses = JSON.parse((await cli(["status", "--tenant", "acme"])).stdout) as { app: string }[];
  expect(statuses.map((s) => s.app)).toEqual(["acme/1"]);
  const list = JSON.parse((await cli(["tenant", "list"])).stdout) as { id: string; apps: string[] }[];
  expect(list).toMatchObject([{ id: "acme", apps: ["1"] }]);
  expect(JSON.stringify(list)).not.toContain(made.secret);

  const rotated = JSON.parse((await cli(["tenant", "rotate-secret", "acme"])).stdout) as { secret: string };
  expect(rotated.secret).not.toBe(made.secret);

  const unsure = await cli(["tenant", "remove", "acme"]);
  expect(unsure.code).toBe(1);
  expect(unsure.stderr).toContain("--yes says you mean it");
  expect((await cli(["tenant", "remove", "acme", "--yes"])).stdout.trim()).toBe('{"removed":"acme"}');
  expect(JSON.parse((await cli(["tenant", "list"])).stdout)).toEqual([]);
  // The connector's own app 1 is untouched.
  expect((JSON.parse((await cli(["status"])).stdout) as { app: string }[]).map((s) => s.app)).toEqual(["1"]);
}, 60_000);

it("says what is wrong with the command line or the environment, without a stack trace", async () => {
  const unknown = await cli(["bogus"]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr.trim()).toBe(
    'unknown command "bogus": use serve, sync, status, register or tenant (add | rotate-secret | remove | list)',
  );
  const noKey = await cli(["status"], { CONNECTOR_ENCRYPTION_KEY: undefined, CONNECTOR_ENCRYPTION_KEY_FILE: undefined });
  expect(noKey.code).toBe(1);
  expect(noKey.stderr).toMatch(
    /^CONNECTOR_ENCRYPTION_KEY \(or CONNECTOR_ENCRYPTION_KEY_FILE\) is not set: it encrypts the stored tokens\./,
  );
  expect(noKey.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  const fresh = mkdtempSync(join(tmpdir(), "connector-cli-nokey-"));
  try {
    await cli(["status"], {
      CONNECTOR_DATA_DIR: join(fresh, "data"),
      CONNECTOR_ENCRYPTION_KEY: undefined,
      CONNECTOR_ENCRYPTION_KEY_FILE: undefined,
    });
    expect(existsSync(join(fresh, "data"))).toBe(false); // nothing made on disk before the key was checked
    const empty = await cli(["status"], { CONNECTOR_DATA_DIR: join(fresh, "data") });
    expect(empty.stdout.trim()).toBe("[]");
    expect(empty.stderr).toContain("no app is registered with this connector yet");
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

/** Resolves once `host:port` accepts a connection (true), or when it was refused `tries` times, 100 ms apart (false). */
async function reachable(host: string, port: number, tries: number): Promise<boolean> {
  const { connect } = await import("node:net");
  for (let i = 0; i < tries; i++) {
    const ok = await new Promise<boolean>((done) => {
      const s = connect({ host, port }, () => (s.end(), done(true)));
      s.on("error", () => done(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

it.each([
  [{}, "127.0.0.1", "127.0.0.2"],
  [{ CONNECTOR_HOST: "127.0.0.2" }, "127.0.0.2", "127.0.0.1"],
])("serve listens on loopback unless CONNECTOR_HOST says otherwise (%o)", async (env, listening, notListening) => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const { spawn: start } = await import("node:child_process");
  const p = start(process.execPath, ["--import", "tsx", "src/connector/cli.ts", "serve"], {
    env: {
      ...process.env,
      CONNECTOR_DATA_DIR: dir,
      CONNECTOR_ENCRYPTION_KEY: "cli-test-encryption-key-0123456789",
      CONNECTOR_ADMIN_SECRET: "cli-test-admin-secret-0123456789",
      CONNECTOR_PORT: String(port),
      LOG_LEVEL: "silent",
      ...env,
    },
  });
  try {
    expect(await reachable(listening, port, 300)).toBe(true); // tsx compiles the CLI first: slow on a loaded machine
    expect(await reachable(notListening, port, 1)).toBe(false);
  } finally {
    p.kill("SIGKILL");
  }
});
