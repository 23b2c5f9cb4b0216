import { defineConfig } from "vitest/config";

// Three layers: pure logic (unit), HTTP against real local servers (http), real Chromium on the sandbox (browser).
export default defineConfig({
  test: {
    // Browser files each start a sandbox and Chromium; CI has two cores. One limit for all projects,
    // since vitest refuses projects with different maxWorkers in one run.
    maxWorkers: 2,
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
        },
      },
    ],
  },
});
