// The record views' budget: desktop.js ≤ 25 KB gzipped (`npm test` builds before vitest runs).
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 25 * 1024;

describe.skipIf(!existsSync("plugin/js/desktop.js"))("record view bundles", () => {
  it("desktop.js fits 25 KB gzipped", () => {
    const size = gzipSync(readFileSync("plugin/js/desktop.js")).length;
    expect(size).toBeGreaterThan(5_000); // the real bundle, not an empty placeholder
    expect(size).toBeLessThanOrEqual(BUDGET);
  });

  it("mobile.js fits the same budget", () => {
    expect(gzipSync(readFileSync("plugin/js/mobile.js")).length).toBeLessThanOrEqual(BUDGET);
  });
});
