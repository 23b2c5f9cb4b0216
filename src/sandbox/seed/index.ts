// First start: the two apps, customers, past calls, API tokens and the configured plugin.
// Every start: the seeded users (added when missing) as kintone users and CallConnect agents; (re)register app 1
// with the connector the way the config screen does, and wire the webhooks.
import type { Logger } from "pino";
import type { KintoneEmulator, TokenPermissions } from "../kintone-emulator/types";
import type { CallConnectSimulator } from "../callconnect-simulator/types";
import type { PluginStore } from "../pages/plugin-store";
import type { SandboxSecrets } from "./meta";
import { loadSettings } from "../../shared/settings";
import { readSavedSecrets } from "../../../config-ui/save";
import { registerWithConnector } from "../../../config-ui/connector-client";
import { ProxyUnreachableError, type ProxyCall } from "../../kintone-js/proxy";
import { ProxyUnreachable, sendProxy } from "../pages/proxy";
import { CUSTOMER_APP_ID, HISTORY_APP_ID, customerApp, historyApp } from "./apps";
import { customerRecords, pastCalls } from "./customers";
import { installConfiguredPlugin, secretInputs, seededSettings } from "./plugin";
import { SEED_USERS } from "./users";
import type { WebhookUrls } from "../../shared/contract/connector";

export interface SeedContext {
  url: string;
  emulator: KintoneEmulator;
  simulator: CallConnectSimulator;
  store: PluginStore;
  pluginId: string;
  secrets: SandboxSecrets;
  logger: Logger;
}

const ALL: TokenPermissions = { view: true, add: true, edit: true, delete: true };

/** Every start: a sandbox seeded before a user was added to the seed gets that user too; every user is an agent. */
export function seedUsers(ctx: Pick<SeedContext, "emulator" | "simulator">): void {
  for (const { role: _role, ...u } of SEED_USERS) if (!ctx.emulator.users.byCode(u.code)) ctx.emulator.users.add(u);
  ctx.simulator.setAgents(ctx.emulator.users.list().map((u) => ({ login: u.code, name: u.name, email: u.email })));
}

export async function seedSandbox(ctx: SeedContext): Promise<void> {
  const { emulator } = ctx;
  emulator.apps.create(customerApp());
  emulator.apps.create(historyApp());
  const customers = customerRecords();
  for (const c of customers) emulator.records.add(CUSTOMER_APP_ID, c, "Administrator");
  for (const call of pastCalls(customers))
    emulator.records.add(HISTORY_APP_ID, { ...call, 担当者: { value: [{ code: "yamada" }] } }, "yamada");
  const customerApiToken = emulator.tokens.create(CUSTOMER_APP_ID, ALL);
  const historyApiToken = emulator.tokens.create(HISTORY_APP_ID, { ...ALL, delete: false });
  if (!ctx.pluginId) {
    ctx.logger.warn("plugin not installed on app 1: dist/plugin.zip is missing (run npm run build, then npm start -- --reset)");
    return;
  }
  const secrets = secretInputs({
    callconnectToken: ctx.secrets.callconnectToken,
    connectorSecret: ctx.secrets.connectorSecret,
    customerApiToken,
    historyApiToken,
  });
  installConfiguredPlugin(ctx.store, CUSTOMER_APP_ID, ctx.pluginId, seededSettings(ctx.url), secrets);
}

/** kintone.proxy as the config screen uses it: no saved values merged. */
const nodeProxy: ProxyCall = async (url, method, headers, body) => {
  try {
    const [text, status, respHeaders] = await sendProxy({ url, method, headers, data: body });
    return { status, body: text, headers: respHeaders };
  } catch (err) {
    if (err instanceof ProxyUnreachable) throw new ProxyUnreachableError(url, err.reason);
    throw err;
  }
};

/** The webhook URLs the connector handed out for app 1, or null when it was not registered. */
export async function joinConnector(ctx: SeedContext): Promise<WebhookUrls | null> {
  if (!ctx.pluginId) return null;
  const loaded = loadSettings(ctx.store.getConfig(CUSTOMER_APP_ID, ctx.pluginId));
  if (loaded.kind !== "ok" || !loaded.settings.connector.url) return null;
  const settings = loaded.settings;
  const saved = ctx.store.proxyConfigs(CUSTOMER_APP_ID, ctx.pluginId);
  const secrets = readSavedSecrets(settings, (url, method) => saved.find((p) => p.url === url && p.method === method) ?? null);
  const result = await registerWithConnector(nodeProxy, {
    connectorUrl: settings.connector.url,
    appId: String(CUSTOMER_APP_ID),
    secret: secrets.connectorSecret,
    settings,
    secrets,
    kintoneBaseUrl: ctx.url,
  });
  if (result.kind !== "ok") {
    ctx.logger.warn({ result }, "could not register app 1 with the connector");
    return null;
  }
  ctx.simulator.setWebhookTargets([{ url: result.webhooks.callconnect }]);
  // One connector webhook: a start on another port replaces the old address instead of adding beside it.
  const connectorPath = new URL(result.webhooks.kintone).pathname;
  const hooks = ctx.emulator.webhooks.list(CUSTOMER_APP_ID);
  for (const h of hooks) {
    if (h.url !== result.webhooks.kintone && new URL(h.url).pathname === connectorPath)
      ctx.emulator.webhooks.remove(CUSTOMER_APP_ID, h.url);
  }
  if (!hooks.some((h) => h.url === result.webhooks.kintone)) {
    ctx.emulator.webhooks.add(CUSTOMER_APP_ID, { url: result.webhooks.kintone, events: ["ADD_RECORD", "UPDATE_RECORD", "DELETE_RECORD"] });
  }
  return result.webhooks;
}
