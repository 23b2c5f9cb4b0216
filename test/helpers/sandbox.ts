// A whole sandbox per test file: temp data dir, any free port, no banner. Close it in afterAll.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../src/sandbox/server";

export interface TestSandbox {
  url: string;
  pluginId: string;
  dataDir: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: { withConnector?: boolean; dataDir?: string; keepData?: boolean } = {}): Promise<TestSandbox> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "sandbox-test-"));
  const sandbox = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: opts.withConnector ?? false });
  return {
    url: sandbox.url,
    pluginId: sandbox.pluginId,
    dataDir,
    sandbox,
    async close() {
      await sandbox.close();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The header kintone accepts on every request; pass to playwright's extraHTTPHeaders or fetch. */
export function authHeader(user = "Administrator", password = "sandbox"): Record<string, string> {
  return { "X-Cybozu-Authorization": Buffer.from(`${user}:${password}`).toString("base64") };
}
