// `npm run setup`: finds or makes 「通話履歴」 and 「顧客管理」 from the shared templates, imports dist/plugin.zip, adds it
// to the customer app and deploys. It looks first and changes only what is missing, so a second run changes nothing.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import {
  CUSTOMER_APP_NAME,
  CUSTOMER_PHONE_FIELD,
  HISTORY_APP_NAME,
  customerTemplate,
  historyReference,
  historyTemplate,
  isHistoryApp,
  panelMissing,
  panelRows,
  type AppTemplate,
} from "../shared/kintone/app-templates";
import { readPluginPackage } from "../node/plugin-package";
import { text, type Step } from "./messages";

export interface SetupOptions {
  baseUrl: string;
  username: string;
  password: string;
  basicAuth?: { username: string; password: string };
  /** An existing customer app to use instead of finding or making 「顧客管理」. */
  customerApp?: string;
  pluginZip: string;
  /** Asked once, after the plan is shown; false cancels. */
  confirm: (plan: string[]) => Promise<boolean>;
  say: (line: string) => void;
  pollMs?: number;
  /** Where apps created but not yet deployed are remembered between runs (none: not remembered). */
  stateFile?: string;
}

/** Created-but-undeployed apps by template name, for one tenant, kept in a small JSON file. */
function unfinishedApps(file: string | undefined, baseUrl: string) {
  const read = (): Record<string, Record<string, string>> => {
    if (!file || !existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string>>;
    } catch {
      return {};
    }
  };
  const write = (mine: Record<string, string>) => {
    if (!file) return;
    const all = read();
    if (Object.keys(mine).length) all[baseUrl] = mine;
    else delete all[baseUrl];
    if (Object.keys(all).length) writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    else rmSync(file, { force: true });
  };
  return {
    get: (name: string): string | undefined => read()[baseUrl]?.[name],
    set: (name: string, app: string) => write({ ...read()[baseUrl], [name]: app }),
    delete: (name: string) => {
      const mine = { ...read()[baseUrl] };
      delete mine[name];
      write(mine);
    },
  };
}

export class SetupError extends Error {
  constructor(
    readonly step: Step,
    readonly detail: string,
  ) {
    super(text.failed(step, detail));
    this.name = "SetupError";
  }
}

export interface SetupResult {
  changed: boolean;
  historyApp: string;
  customerApp: string;
  pluginId: string;
}

/** kintone's error as it said it (code and message, field errors too); never the request's credentials. */
function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: unknown };
  if (e && typeof e.code === "string" && e.code !== "" && e.message) {
    const details = e.errors ? ` ${JSON.stringify(e.errors)}` : "";
    return `${e.message}${details}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function step<T>(name: Step, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SetupError) throw err;
    throw new SetupError(name, describe(err));
  }
}

export async function runSetup(o: SetupOptions): Promise<SetupResult | null> {
  const client = new KintoneRestAPIClient({
    baseUrl: o.baseUrl,
    auth: { username: o.username, password: o.password },
    ...(o.basicAuth ? { basicAuth: o.basicAuth } : {}),
  });
  const pollMs = o.pollMs ?? 1000;

  async function deploy(apps: string[]): Promise<void> {
    o.say(text.deploying(apps.join(", ")));
    await step("deploy", async () => {
      await client.app.deployApp({ apps: apps.map((app) => ({ app })) });
      for (;;) {
        const { apps: statuses } = await client.app.getDeployStatus({ apps });
        const failed = statuses.find((s) => s.status === "FAIL" || s.status === "CANCEL");
        if (failed) throw new Error(`app ${failed.app}: ${failed.status}`);
        if (statuses.every((s) => s.status === "SUCCESS")) return;
        await new Promise((ok) => setTimeout(ok, pollMs));
      }
    });
  }

  // kintone lists no app before its first deploy: an app a failed run created is remembered here, and used again.
  const unfinished = unfinishedApps(o.stateFile, o.baseUrl);

  async function create(t: AppTemplate, stepName: Step): Promise<string> {
    const id = await step(stepName, async () => {
      const again = unfinished.get(t.name);
      const had = again ? await client.app.getFormFields({ app: again, preview: true }).catch(() => null) : null;
      const app = had && again ? again : (await client.app.addApp({ name: t.name })).app;
      if (!had) unfinished.set(t.name, app);
      const missing = Object.fromEntries(Object.entries(t.properties).filter(([code]) => !had?.properties[code]));
      if (Object.keys(missing).length) await client.app.addFormFields({ app, properties: missing as never });
      await client.app.updateFormLayout({ app, layout: t.layout as never });
      return app;
    });
    await deploy([id]);
    unfinished.delete(t.name);
    o.say(text.created(t.name, id));
    return id;
  }

  /** Apps with exactly this name whose live form passes `fits`. */
  async function find(name: string, fits: (properties: Record<string, { type: string }>) => boolean): Promise<string | null> {
    const { apps } = await client.app.getApps({ name });
    for (const app of apps.filter((a) => a.name === name)) {
      const { properties } = await client.app.getFormFields({ app: app.appId });
      if (fits(properties)) return app.appId;
    }
    return null;
  }

  // Look first: nothing is changed until the plan is shown and agreed to.
  const zip = await step("pluginUpload", async () => {
    const bytes = readFileSync(o.pluginZip);
    return { bytes, pkg: await readPluginPackage(bytes, o.pluginZip) };
  });
  const pluginId = zip.pkg.id;
  const version = String(zip.pkg.manifest.version);
  const found = await step("connect", async () => {
    const history = await find(HISTORY_APP_NAME, (p) => isHistoryApp(HISTORY_APP_NAME, p));
    const customer = o.customerApp ?? (await find(CUSTOMER_APP_NAME, (p) => p[CUSTOMER_PHONE_FIELD] !== undefined));
    if (o.customerApp) await client.app.getApp({ id: o.customerApp });
    const installed = (await client.plugin.getPlugins({ ids: [pluginId] })).plugins.find((p) => p.id === pluginId) ?? null;
    return { history, customer, installed };
  });

  const plan: string[] = [];
  if (!found.history) plan.push(`${HISTORY_APP_NAME}: create`);
  if (!found.customer) plan.push(`${CUSTOMER_APP_NAME}: create`);
  if (!found.installed) plan.push(`plug-in ${pluginId} ${version}: import`);
  else if (found.installed.version !== version) plan.push(`plug-in ${pluginId}: ${found.installed.version} → ${version}`);
  const customerState = found.customer
    ? await step("connect", async () => {
        const app = found.customer as string;
        const [{ properties }, { layout }, { plugins }] = await Promise.all([
          client.app.getFormFields({ app }),
          client.app.getFormLayout({ app }),
          client.app.getPlugins({ app }),
        ]);
        return { properties, layout, hasPlugin: plugins.some((p) => p.id === pluginId) };
      })
    : null;
  const panel = customerState
    ? panelMissing(customerState.properties as never, customerState.layout as never, found.history ?? "")
    : { space: false, reference: false };
  if (customerState && (panel.space || panel.reference)) plan.push(`app ${found.customer}: add the call-history Space / related records`);
  if (!customerState?.hasPlugin) plan.push(`app ${found.customer ?? CUSTOMER_APP_NAME}: add the plug-in`);

  if (found.history) o.say(text.found(HISTORY_APP_NAME, found.history));
  if (found.customer) o.say(text.found(CUSTOMER_APP_NAME, found.customer));
  if (found.installed?.version === version) o.say(text.pluginCurrent(pluginId, version));
  if (customerState?.hasPlugin) o.say(text.pluginPresent(found.customer as string));
  if (plan.length === 0) {
    o.say(text.nothingChanged);
    return { changed: false, historyApp: found.history as string, customerApp: found.customer as string, pluginId };
  }
  if (!(await o.confirm(plan))) {
    o.say(text.cancelled);
    return null;
  }

  const historyApp = found.history ?? (await create(historyTemplate(), "historyApp"));
  const customerApp = found.customer ?? (await create(customerTemplate(historyApp), "customerApp"));
  const toDeploy = new Set<string>();
  if (customerState && (panel.space || panel.reference)) {
    if (panel.reference && !customerState.properties[CUSTOMER_PHONE_FIELD]) o.say(text.panelNoPhone(customerApp, CUSTOMER_PHONE_FIELD));
    await step("customerPanel", async () => {
      if (panel.reference && customerState.properties[CUSTOMER_PHONE_FIELD])
        await client.app.addFormFields({ app: customerApp, properties: { 通話履歴: historyReference(historyApp) } as never });
      const { layout } = await client.app.getFormLayout({ app: customerApp, preview: true });
      const rows = panelRows().filter((r) => (r.fields?.[0]?.type === "SPACER" ? panel.space : false));
      await client.app.updateFormLayout({ app: customerApp, layout: [...(layout as never[]), ...(rows as never[])] });
    });
    o.say(text.panelAdded(customerApp));
    toDeploy.add(customerApp);
  }
  if (!found.installed || found.installed.version !== version) {
    await step("pluginUpload", async () => {
      const { fileKey } = await client.file.uploadFile({ file: { name: "plugin.zip", data: zip.bytes } });
      if (found.installed) await client.plugin.updatePlugin({ id: pluginId, fileKey });
      else await client.plugin.installPlugin({ fileKey });
    });
    o.say(found.installed ? text.pluginUpdated(pluginId, found.installed.version, version) : text.pluginInstalled(pluginId, version));
  }
  if (!customerState?.hasPlugin) {
    await step("pluginAdd", () => client.app.addPlugins({ app: customerApp, ids: [pluginId] }));
    o.say(text.pluginAdded(customerApp));
    toDeploy.add(customerApp);
  }
  if (toDeploy.size) await deploy([...toDeploy]);
  o.say(text.changed);
  return { changed: true, historyApp, customerApp, pluginId };
}

/** The admin's remaining work, with the pages to do it on. */
export function manualSteps(baseUrl: string, r: SetupResult): string[] {
  const base = baseUrl.replace(/\/+$/, "");
  return [
    text.manualHeading,
    text.token(CUSTOMER_APP_NAME, `${base}/k/admin/app/apitoken?app=${r.customerApp}`),
    text.token(HISTORY_APP_NAME, `${base}/k/admin/app/apitoken?app=${r.historyApp}`),
    text.settings(`${base}/k/admin/app/${r.customerApp}/plugin/config?pluginId=${r.pluginId}`),
  ];
}
