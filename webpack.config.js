import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import KintonePlugin from "@kintone/webpack-plugin-kintone-plugin";
import { resolvePrivateKeyPath } from "./scripts/plugin-key.mjs";

const root = dirname(fileURLToPath(import.meta.url));

export default (_env, argv) => ({
  mode: argv.mode ?? "production",
  devtool: false,
  entry: {
    desktop: "./src/desktop.ts",
    mobile: "./src/mobile.ts",
    "screen-pop": "./src/screen-pop.ts",
    config: "./config-ui/index.ts",
  },
  output: { path: resolve(root, "plugin/js"), filename: "[name].js", clean: true },
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: {
    rules: [{ test: /\.ts$/, loader: "esbuild-loader", options: { target: "es2020" } }],
  },
  performance: { hints: false },
  plugins: [
    new KintonePlugin({
      manifestJSONPath: resolve(root, "plugin/manifest.json"),
      privateKeyPath: resolvePrivateKeyPath(root),
      pluginZipPath: resolve(root, "dist/plugin.zip"),
    }),
  ],
});
