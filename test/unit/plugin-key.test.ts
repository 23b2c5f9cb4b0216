import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pluginId, resolvePrivateKeyPath } from "../../scripts/plugin-key.mjs";

const saved = process.env.PLUGIN_PRIVATE_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.PLUGIN_PRIVATE_KEY;
  else process.env.PLUGIN_PRIVATE_KEY = saved;
  vi.restoreAllMocks();
});

describe("plugin signing key", () => {
  it("creates ./private.ppk once, says so once, and reuses it so the plugin ID stays the same", () => {
    delete process.env.PLUGIN_PRIVATE_KEY;
    const root = mkdtempSync(join(tmpdir(), "key-"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const path = resolvePrivateKeyPath(root);
    expect(path).toBe(join(root, "private.ppk"));
    const first = pluginId(root);
    const key = readFileSync(path, "utf8");
    expect(resolvePrivateKeyPath(root)).toBe(path);
    expect(readFileSync(path, "utf8")).toBe(key);
    expect(pluginId(root)).toBe(first);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/same plugin ID/);
  });

  it("uses the key named by PLUGIN_PRIVATE_KEY and refuses one that is missing", () => {
    const root = mkdtempSync(join(tmpdir(), "key-"));
    const other = mkdtempSync(join(tmpdir(), "key-"));
    vi.spyOn(console, "log").mockImplementation(() => {});
    const existing = readFileSync(resolvePrivateKeyPath(other), "utf8");
    const otherId = pluginId(other);
    writeFileSync(join(root, "team.ppk"), existing);
    process.env.PLUGIN_PRIVATE_KEY = "team.ppk";
    expect(pluginId(root)).toBe(otherId);
    process.env.PLUGIN_PRIVATE_KEY = "missing.ppk";
    expect(() => resolvePrivateKeyPath(root)).toThrow(/missing\.ppk/);
  });
});
