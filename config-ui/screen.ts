// The config screen: load what exists, build the sections, validate and save. Adapters come in through ports.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { Notification } from "kintone-ui-component/lib/notification/index.js";
import { defaultSettings, loadSettings, type Settings } from "../src/shared/settings";
import { appFormOf, spaceIdsOf, unnamedSpaceCount } from "./fields";
import {
  configWarnings,
  emptySecrets,
  normalizeBaseUrl,
  SECRET_NAMES,
  validateConfig,
  type ConfigDraft,
  type SecretInputs,
  type SecretName,
} from "./validation";
import { translator, type Lang } from "../src/shared/i18n";
import { configMessages } from "./messages";
import { settingsMessages } from "../src/shared/messages/settings";
import type { KintoneApi } from "../src/kintone-js/api";
import type { ProxyCall } from "../src/kintone-js/proxy";
import { describeError, ErrorBoard, type ScreenContext } from "./context";
import { h, noteBox } from "./dom";
import { readSavedSecrets, resolveSecrets, saveConfig, type GetProxyConfig, type SavePorts } from "./save";
import { connectionSection } from "./sections/connection";
import { createCustomersSection, customerSection } from "./sections/customer";
import { basicAuthSection } from "./sections/basic-auth";
import { historySection } from "./sections/history";
import { eventsSection } from "./sections/events";
import { clickToCallSection } from "./sections/click-to-call";
import { connectorSection } from "./sections/connector";
import { agentsSection } from "./sections/agents";
import { cleanAgentRows } from "./agents";
import { cleanResults, DEFAULT_WRAPUP_RESULTS } from "./screen-pop";
import { screenPopSection } from "./sections/screen-pop";
import { confirmLeave } from "./leave-dialog";
import { appSetupSection, tokenPermissionIssues } from "./sections/app-setup";
import type { AppAdminApi } from "../src/kintone-js/app-admin";

export interface ScreenPorts extends SavePorts {
  lang: Lang;
  timeZone?: string;
  getConfig(): Record<string, string>;
  getProxyConfig: GetProxyConfig;
  api: KintoneApi;
  proxy: ProxyCall;
  cancel(): void;
  afterSave(): void;
  /** App-building calls (kintone.api as the administrator); without it the screen offers no app setup. */
  appAdmin?: AppAdminApi;
  /** Deploy status polling interval for the app setup (tests shorten it). */
  setupPollMs?: number;
}

/** Broken stored settings are shown, and defaults are used only once the admin agrees. */
function confirmBroken(root: HTMLElement, ports: ScreenPorts, text: string): Promise<void> {
  const t = translator(configMessages, ports.lang);
  return new Promise((resolve) => {
    const button = new Button({ text: t("broken.confirm"), type: "submit" });
    button.addEventListener("click", () => resolve());
    root.replaceChildren(
      h("div", { className: "cc-note cc-note-warning", attrs: { role: "alert" } }, h("h2", {}, t("broken.title")), h("p", {}, text)),
      button,
    );
  });
}

async function initialSettings(root: HTMLElement, ports: ScreenPorts): Promise<{ settings: Settings; migrated: boolean }> {
  const loaded = loadSettings(ports.getConfig());
  if (loaded.kind === "ok") return { settings: loaded.settings, migrated: loaded.migratedFrom !== undefined };
  if (loaded.kind === "invalid") {
    const st = translator(settingsMessages, ports.lang);
    const { code, details } = loaded.error;
    await confirmBroken(root, ports, st(`settings.${code}`, { details: details.join("; "), version: details[0] ?? "" }));
  }
  const settings = defaultSettings();
  // A first setup is offered the usual results; an admin who emptied the list keeps it empty.
  settings.screenPop.results = [...DEFAULT_WRAPUP_RESULTS];
  return { settings, migrated: false };
}

/**
 * The screen rebuilt after the app setup made an app or changed the form: the edits so far, the stored settings, the
 * secrets typed so far (kept in memory only, never in the DOM or the settings) and what counted as unchanged before.
 */
export interface Resumed {
  settings: Settings;
  previous: Settings;
  secrets: SecretInputs;
  savedState: string;
}

export async function startConfigScreen(root: HTMLElement, ports: ScreenPorts, resumed?: Resumed): Promise<void> {
  const t = translator(configMessages, ports.lang);
  root.classList.add("cc-config");
  root.removeAttribute("data-ready");
  const { settings, migrated } = resumed ? { settings: resumed.settings, migrated: false } : await initialSettings(root, ports);
  root.replaceChildren(h("p", { attrs: { role: "status" } }, t("loading")));
  let loaded;
  try {
    const [fields, layout, apps] = await Promise.all([
      ports.api.formFields(ports.appId),
      ports.api.formLayout(ports.appId),
      ports.api.apps(),
    ]);
    loaded = { customerForm: appFormOf(fields), spaceIds: spaceIdsOf(layout), unnamedSpaces: unnamedSpaceCount(layout), apps };
  } catch (err) {
    root.replaceChildren(
      h("p", { className: "cc-note cc-note-warning", attrs: { role: "alert" } }, t("load_failed", { reason: describeError(err) })),
    );
    return;
  }

  const previous = resumed?.previous ?? structuredClone(settings);
  const savedSecrets = readSavedSecrets(settings, ports.getProxyConfig);
  const saved = Object.fromEntries(SECRET_NAMES.map((n) => [n, savedSecrets[n] !== ""])) as Record<SecretName, boolean>;
  const draft: ConfigDraft = {
    settings,
    secrets: resumed ? { ...resumed.secrets } : emptySecrets(),
    saved,
  };
  const ctx: ScreenContext = {
    draft,
    t,
    errors: new ErrorBoard(),
    appId: ports.appId,
    customerForm: loaded.customerForm,
    spaceIds: loaded.spaceIds,
    unnamedSpaces: loaded.unnamedSpaces,
    historyForm: null,
    lang: ports.lang,
    timeZone: ports.timeZone,
    savedSecrets,
    api: ports.api,
    proxy: ports.proxy,
    getProxyConfig: ports.getProxyConfig,
    changed: () => refreshWarnings(),
  };
  const validationContext = () => ({ customerForm: ctx.customerForm, historyForm: ctx.historyForm, spaceIds: ctx.spaceIds });

  const customer = customerSection(ctx);
  const history = historySection(ctx, loaded.apps);
  const connector = connectorSection(ctx);
  function refreshWarnings(): void {
    const warnings = configWarnings(draft, validationContext());
    customer.setWarnings(warnings.filter((w) => w.target.startsWith("customer.")).map((w) => t(w.key, w.params)));
    history.setWarnings(warnings.filter((w) => w.target.startsWith("history.")).map((w) => t(w.key, w.params)));
  }

  const summary = noteBox("warning");
  const done = noteBox("info");
  const saveButton = new Button({ text: t("save"), type: "submit" });
  const cancelButton = new Button({ text: t("cancel"), type: "normal" });
  // What a save would store, so that the blank row the agents table always shows is no change.
  const cleaned = (): Settings => ({
    ...structuredClone(draft.settings),
    agents: cleanAgentRows(draft.settings.agents),
    screenPop: { ...draft.settings.screenPop, results: cleanResults(draft.settings.screenPop.results) },
  });
  const comparable = () => JSON.stringify([cleaned(), draft.secrets]);
  let savedState = "";
  cancelButton.addEventListener("click", async () => {
    if (comparable() === savedState || (await confirmLeave(t))) ports.cancel();
  });
  saveButton.addEventListener("click", () => void save());

  async function save(): Promise<void> {
    draft.settings.callconnect.baseUrl = normalizeBaseUrl(draft.settings.callconnect.baseUrl);
    draft.settings.connector.url = normalizeBaseUrl(draft.settings.connector.url);
    // A secret may already be saved for a URL typed just now (or carried over from the previous URL).
    const current = readSavedSecrets(draft.settings, ports.getProxyConfig);
    for (const name of SECRET_NAMES) {
      savedSecrets[name] = current[name] || savedSecrets[name];
      draft.saved[name] = savedSecrets[name] !== "";
    }
    const issues = validateConfig(draft, validationContext());
    if (ports.appAdmin) issues.push(...(await tokenPermissionIssues(ctx, ports.kintoneBaseUrl)));
    ctx.errors.show(issues, t);
    if (issues.length > 0) {
      const text = t("summary.errors", { count: issues.length });
      summary.set([text]);
      new Notification({ text, type: "danger", duration: 6000 }).open();
      return;
    }
    summary.set([]);
    saveButton.disabled = cancelButton.disabled = true;
    done.set([t("saving")]);
    const toSave: Settings = cleaned();
    const outcome = await saveConfig(toSave, resolveSecrets(draft.secrets, savedSecrets), ports, previous);
    // The typed secrets are saved; they must not linger in the page.
    for (const input of root.querySelectorAll<HTMLInputElement>(".cc-secret input")) input.value = "";
    for (const name of SECRET_NAMES) draft.secrets[name] = "";
    savedState = comparable();
    if (outcome.registration === null) return ports.afterSave();
    connector.showRegistration(outcome.registration);
    const back = new Button({ text: t("back_to_app_settings"), type: "submit" });
    back.addEventListener("click", () => ports.afterSave());
    done.set([t("saved")]);
    done.el.append(back);
    saveButton.disabled = cancelButton.disabled = false;
  }

  const migratedNote = noteBox("info");
  migratedNote.set(migrated ? [t("migrated")] : []);
  root.replaceChildren(
    h("h1", { className: "cc-title" }, t("title")),
    migratedNote.el,
    connectionSection(ctx),
    customer.el,
    createCustomersSection(ctx),
    basicAuthSection(ctx),
    ports.appAdmin
      ? appSetupSection(ctx, {
          appAdmin: ports.appAdmin,
          kintoneBaseUrl: ports.kintoneBaseUrl,
          pollMs: ports.setupPollMs,
          restart: (next) => void startConfigScreen(root, ports, { settings: next, previous, secrets: { ...draft.secrets }, savedState }),
        })
      : "",
    history.el,
    eventsSection(ctx),
    screenPopSection(ctx),
    agentsSection(ctx),
    clickToCallSection(ctx),
    connector.el,
    summary.el,
    done.el,
    h("div", { className: "cc-footer" }, cancelButton, saveButton),
  );
  await Promise.all([history.ready, connector.ready]);
  refreshWarnings();
  // After a rebuild the edits and secrets typed before it are still unsaved.
  savedState = resumed?.savedState ?? comparable();
  root.setAttribute("data-ready", "true");
}
