// Finds Chromium for the browser tests; installs Debian's package when missing and running as root.
// Prints the path it found, which test/helpers/browser.ts reads through CHROMIUM_PATH as well.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function findChromium() {
  return candidates.find((p) => p && existsSync(p));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let found = findChromium();
  if (!found) {
    if (process.getuid?.() === 0) {
      console.log("Chromium is missing: installing Debian's chromium package with apt-get (once).");
      execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
      found = findChromium();
    }
    if (!found) {
      console.error(
        "The browser tests need Chromium and none was found.\n" +
          "Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)\n" +
          "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
      );
      process.exit(1);
    }
  }
  console.log(`Chromium: ${found}`);
}
