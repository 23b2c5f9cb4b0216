// `npm start`: the whole product on one port. `npm start -- --reset` starts from a fresh seed.
import { startSandbox } from "./server";
import { SEED_USERS } from "./seed/users";

const reset = process.argv.slice(2).includes("--reset");
const port = process.env.PORT ? Number(process.env.PORT) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}

// SANDBOX_DATA_DIR: where the sandbox keeps its data (default ./.sandbox-data).
const dataDir = process.env.SANDBOX_DATA_DIR || undefined;
const sandbox = await startSandbox({ port, reset, dataDir }).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  if (code === "EADDRINUSE")
    console.error(`Port ${port} is already in use (another sandbox?). Stop it, or choose another port: PORT=9000 npm start`);
  else console.error(err);
  process.exit(1);
});
const u = sandbox.url;
const width = Math.max(...SEED_USERS.map((x) => `${x.code} / ${x.password}`.length));
const users = SEED_USERS.map(
  (x, i) => `${i === 0 ? "  sign in:" : "          "} ${`${x.code} / ${x.password}`.padEnd(width)}   (${x.name}, ${x.role.en})`,
).join("\n");
console.log(`
CallConnect × kintone sandbox${reset ? " (reset)" : ""}

  kintone portal        ${u}/k/
  顧客管理 (app 1)       ${u}/k/1/
  a customer record     ${u}/k/1/show#record=1
  plugin config         ${u}/k/admin/app/1/plugin/config?pluginId=${sandbox.pluginId || "(run npm run build)"}
  mobile                ${u}/k/m/1/
  web phone             ${u}/callconnect/phone
  CallConnect admin     ${u}/callconnect/admin
  connector             ${u}/connector/

${users}
  connector admin secret (config screen): ${sandbox.connectorSecret}

Ctrl+C to stop.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  sandbox.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
