// Real Chromium (Debian's) driven by playwright-core. Every browser test launches through here.
import { chromium, type Browser } from "playwright-core";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!found) throw new Error("Chromium not found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.");
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Where tests save screenshots (kept as CI artifacts; the README uses two of them). */
export function screenshotPath(name: string): string {
  const dir = resolve("test-results/screenshots");
  mkdirSync(dir, { recursive: true });
  return resolve(dir, `${name}.png`);
}
