// The record views' budget: desktop.js ≤ 25 KB gzipped; screen pop, its own file on every page of the app (kuc's
// button, dropdown and textarea are most of it), ≤ 40 KB (`npm test` builds before vitest runs).
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 25 * 1024;
const SCREEN_POP_BUDGET = 40 * 1024;

describe.skipIf(!existsSync("plugin/js/desktop.js"))("record view bundles", () => {
  it("desktop.js fits 25 KB gzipped", () => {
    const size = gzipSync(readFileSync("plugin/js/desktop.js")).length;
    expect(size).toBeGreaterThan(5_000); // the real bundle, not an empty placeholder
    expect(size).toBeLessThanOrEqual(BUDGET);
  });

  it("mobile.js fits the same budget", () => {
    expect(gzipSync(readFileSync("plugin/js/mobile.js")).length).toBeLessThanOrEqual(BUDGET);
  });

  it("screen-pop.js fits 40 KB gzipped", () => {
    const size = gzipSync(readFileSync("plugin/js/screen-pop.js")).length;
    expect(size).toBeGreaterThan(5_000);
    expect(size).toBeLessThanOrEqual(SCREEN_POP_BUDGET);
  });
});
