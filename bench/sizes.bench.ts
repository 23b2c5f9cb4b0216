// Gzipped size of every built script and of the plugin zip (run after `npm run build`).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function run(): Promise<void> {
  for (const f of readdirSync("plugin/js")
    .filter((f) => f.endsWith(".js"))
    .sort()) {
    const buf = readFileSync(`plugin/js/${f}`);
    console.log(`${f.padEnd(12)} ${kb(buf.length).padStart(10)} raw  ${kb(gzipSync(buf, { level: 9 }).length).padStart(9)} gzip`);
  }
  console.log(`${"plugin.zip".padEnd(12)} ${kb(statSync("dist/plugin.zip").size).padStart(10)}`);
}
