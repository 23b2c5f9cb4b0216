// `npm run setup -- --base-url https://example.cybozu.com --username <admin> [--app N] [--yes]
//   [--basic-auth-user U --basic-auth-password P] [--plugin dist/plugin.zip]`
// The password comes from KINTONE_PASSWORD or is asked for without echo (docs/setup.md).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { text } from "./messages";
import { askHidden, askLine } from "./prompt";
import { manualSteps, runSetup, SetupError } from "./setup";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      username: { type: "string" },
      app: { type: "string" },
      yes: { type: "boolean" },
      "basic-auth-user": { type: "string" },
      "basic-auth-password": { type: "string" },
      plugin: { type: "string" },
      state: { type: "string" },
    },
  });
  const say = (line: string) => console.log(line);
  for (const name of ["base-url", "username"] as const) {
    if (!values[name]) {
      console.error(text.missingOption(name));
      return 2;
    }
  }
  const pluginZip = resolve(values.plugin ?? "dist/plugin.zip");
  if (!existsSync(pluginZip)) {
    console.error(text.noZip(pluginZip));
    return 2;
  }
  const interactive = Boolean(process.stdin.isTTY);
  const password = process.env.KINTONE_PASSWORD || (interactive ? await askHidden(text.password) : "");
  if (!password) {
    console.error(text.missingOption("password (KINTONE_PASSWORD)"));
    return 2;
  }
  const basicUser = values["basic-auth-user"];
  const basicPassword = values["basic-auth-password"] ?? process.env.KINTONE_BASIC_AUTH_PASSWORD;
  const baseUrl = (values["base-url"] as string).replace(/\/+$/, "");
  try {
    const result = await runSetup({
      baseUrl,
      username: values.username as string,
      password,
      basicAuth: basicUser ? { username: basicUser, password: basicPassword ?? "" } : undefined,
      customerApp: values.app,
      pluginZip,
      stateFile: resolve(values.state ?? ".callconnect-setup.json"),
      say,
      async confirm(plan) {
        say(text.plan);
        for (const line of plan) say(`  - ${line}`);
        if (values.yes) return true;
        if (!interactive) {
          console.error(text.needYes);
          return false;
        }
        return /^y(es)?$/i.test((await askLine(text.proceed)).trim());
      },
    });
    if (!result) return 1;
    say("");
    for (const line of manualSteps(baseUrl, result)) say(line);
    return 0;
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : `✗ ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
