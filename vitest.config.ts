import { defineConfig } from "vitest/config";

// Three layers: pure logic (unit), HTTP against real local servers (http), real Chromium on the sandbox (browser).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      { test: { name: "http", include: ["test/http/**/*.test.ts"], environment: "node", testTimeout: 60_000, hookTimeout: 120_000 } },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own sandbox and Chromium; two cores on CI.
          maxWorkers: 2,
        },
      },
    ],
  },
});
