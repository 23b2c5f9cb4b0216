// Lint: typescript-eslint with the type-aware rules that catch what tests rarely do (a promise nobody awaits,
// `any` leaking through), and import rules that keep the runtimes apart (see docs/architecture.md). Prettier
// formats; eslint-config-prettier turns off the rules that would fight it.
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import prettier from "eslint-config-prettier";

const BROWSER = [
  "src/desktop.ts",
  "src/mobile.ts",
  "src/screen-pop.ts",
  "src/features/**",
  "src/kintone-js/**",
  "config-ui/**",
  "src/sandbox/runtime/**",
];
const NODE_ONLY = [
  "./src/connector",
  "./src/node",
  "./src/sandbox/kintone-emulator",
  "./src/sandbox/callconnect-simulator",
  "./src/sandbox/pages",
  "./src/sandbox/seed",
  "./src/sandbox/server.ts",
  "./src/sandbox/main.ts",
  "./src/sandbox/plugin-files.ts",
  "./src/sandbox/plugin-registry.ts",
  "./src/setup",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "plugin/js/",
      ".tsbuild/",
      "src/sandbox/callconnect-simulator/assets/",
      "**/*.mjs",
      "webpack.config.js",
      "eslint.config.js",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    languageOptions: {
      parserOptions: {
        project: [
          "./tsconfig/shared.json",
          "./tsconfig/browser.json",
          "./tsconfig/sandbox-runtime.json",
          "./tsconfig/node.json",
          "./tsconfig/tests.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig/*.json" })] },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/no-unsafe-assignment": "error",
      "@typescript-eslint/no-unsafe-member-access": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./src/shared",
              from: ["./src", "./config-ui", "./test", "./bench"],
              except: ["./shared"],
              message: "src/shared/ is what two runtimes use: it imports nothing else of the project.",
            },
            { target: ["./src", "./config-ui"], from: ["./test", "./bench"], message: "Product code never imports tests or benchmarks." },
            {
              target: BROWSER.map((g) => `./${g.replace(/\/\*\*$/, "")}`),
              from: NODE_ONLY,
              message: "Browser code cannot reach Node-only code.",
            },
            {
              target: "./src/connector",
              from: ["./src/sandbox", "./src/features", "./src/kintone-js", "./config-ui"],
              message: "The connector runs without the sandbox and the browser code.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/shared/**/*.ts", ...BROWSER],
    rules: { "import-x/no-nodejs-modules": "error" },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      // Tests read JSON answers of real servers and assert on them: `any` from res.json() is their daily bread.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  prettier,
);
