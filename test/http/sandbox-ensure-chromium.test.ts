// `npm test`'s first step (scripts/ensure-chromium.mjs): every way it fails is one plain message, no stack trace.
import { describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const SCRIPT = resolve("scripts/ensure-chromium.mjs");
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000 });

describe("ensure-chromium", () => {
  it("refuses a CHROMIUM_PATH that points at nothing, instead of silently looking elsewhere", () => {
    const missing = run({ CHROMIUM_PATH: "/no/such/chromium" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      "CHROMIUM_PATH is set to /no/such/chromium, but nothing is there.\nFix the path, or unset CHROMIUM_PATH to look in the usual places.\n",
    );
    const folder = run({ CHROMIUM_PATH: "/tmp" });
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain("CHROMIUM_PATH is set to /tmp, which is not a file.");
    expect(missing.stderr + folder.stderr).not.toMatch(/\n\s+at /);
  });

  it("says in one sentence that apt-get failed and how to install Chromium by hand", async () => {
    const mod = (await import(/* @vite-ignore */ pathToFileURL(SCRIPT).href)) as {
      aptInstall(spawn: (cmd: string, args: string[]) => { status: number | null; error?: Error }): string | null;
    };
    const quiet = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(mod.aptInstall(() => ({ status: 100 }))).toBe("apt-get update failed (exit code 100); see its output above.");
      expect(mod.aptInstall(() => ({ status: null, error: new Error("spawnSync apt-get ENOENT") }))).toBe(
        "apt-get update failed (spawnSync apt-get ENOENT); see its output above.",
      );
      const calls: string[][] = [];
      expect(mod.aptInstall((_cmd, args) => (calls.push(args), { status: args[0] === "install" ? 1 : 0 }))).toBe(
        "apt-get install failed (exit code 1); see its output above.",
      );
      expect(calls.map((a) => a[0])).toEqual(["update", "install"]);
    } finally {
      quiet.mockRestore();
    }
  });
});
