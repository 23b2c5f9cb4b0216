// Finds Chromium for the browser tests; installs Debian's package when missing and running as root.
// Prints the path it found, which test/helpers/browser.ts reads through CHROMIUM_PATH as well.
// Every failure is one plain message and exit code 1: no stack trace.
import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";

const KNOWN = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

const HOW =
  "Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)\n" + "or point CHROMIUM_PATH at a Chromium or Chrome binary.";

export function findChromium() {
  return KNOWN.find((p) => existsSync(p));
}

/** A CHROMIUM_PATH that names nothing usable is a mistake to report, not a hint to ignore. */
export function checkChromiumPath(path) {
  if (!existsSync(path)) return `CHROMIUM_PATH is set to ${path}, but nothing is there.`;
  if (!statSync(path).isFile()) return `CHROMIUM_PATH is set to ${path}, which is not a file.`;
  return null;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** null when apt-get installed it; otherwise what went wrong, in a sentence. `spawn` is spawnSync's shape. */
export function aptInstall(spawn = spawnSync) {
  console.log("Chromium is missing: installing Debian's chromium package with apt-get (once).");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "chromium"],
  ]) {
    const run = spawn("apt-get", args, { stdio: "inherit", env });
    if (run.error || run.status !== 0) {
      const why = run.error ? run.error.message : `exit code ${run.status}`;
      return `apt-get ${args[0]} failed (${why}); see its output above.`;
    }
  }
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    const problem = checkChromiumPath(given);
    if (problem) fail(`${problem}\nFix the path, or unset CHROMIUM_PATH to look in the usual places.`);
    console.log(`Chromium: ${given}`);
    process.exit(0);
  }
  let found = findChromium();
  if (!found && process.getuid?.() === 0) {
    const problem = aptInstall();
    if (problem) fail(`The browser tests need Chromium and it could not be installed: ${problem}\n${HOW}`);
    found = findChromium();
  }
  if (!found) fail(`The browser tests need Chromium and none was found.\n${HOW}`);
  console.log(`Chromium: ${found}`);
}
