// 通話履歴アプリを作成: offers to make the history app (or reuse the one made before), to add the panel's Space and a
// 関連レコード一覧 to the customer form, and says which API tokens to make where. Tokens typed are checked before saving.
import { Button } from "kintone-ui-component/lib/button/index.js";
import type { AppAdminApi, AppInfo } from "../../src/kintone-js/app-admin";
import { HISTORY_MAPPING, PANEL_SPACE_ID } from "../../src/shared/kintone/app-templates";
import type { Settings } from "../../src/shared/settings";
import {
  addPanelToCustomer,
  AppSetupError,
  checkToken,
  createHistoryApp,
  customerPanelMissing,
  findHistoryApp,
  joinField,
  type Permission,
  type SetupStep,
} from "../app-setup";
import { describeError, type ScreenContext } from "../context";
import { confirmDialog } from "../leave-dialog";
import { h, noteBox, section } from "../dom";
import type { ConfigMessageKey } from "../messages";
import type { ConfigIssue, SecretName } from "../validation";

export interface AppSetupPorts {
  appAdmin: AppAdminApi;
  kintoneBaseUrl: string;
  /** Rebuilds the screen around these settings (new apps and fields to choose from). */
  restart(settings: Settings): void;
  pollMs?: number;
}

const STEP_KEYS: Record<SetupStep, ConfigMessageKey> = {
  create: "app_setup.step.create",
  fields: "app_setup.step.fields",
  layout: "app_setup.step.layout",
  deploy: "app_setup.step.deploy",
};
const PERMISSION_KEYS: Record<Permission, ConfigMessageKey> = {
  view: "app_setup.permission.view",
  add: "app_setup.permission.add",
  edit: "app_setup.permission.edit",
};

function confirmFormChange(ctx: ScreenContext): Promise<boolean> {
  return confirmDialog({
    title: ctx.t("app_setup.panel_confirm_title"),
    body: ctx.t("app_setup.panel_confirm_body"),
    cancel: ctx.t("app_setup.panel_cancel"),
    go: ctx.t("app_setup.panel_go"),
  });
}

export function appSetupSection(ctx: ScreenContext, ports: AppSetupPorts): HTMLElement {
  const s = ctx.draft.settings;
  const status = h("p", { className: "cc-app-setup-status", attrs: { role: "status" } });
  const problem = noteBox("warning");
  const body = h("div", { className: "cc-app-setup-body" });
  const say = (text: string) => (status.textContent = text);
  const progress = (step: SetupStep, polls: number) =>
    say(step === "deploy" ? ctx.t("app_setup.deploying", { polls }) : ctx.t(STEP_KEYS[step]));
  const failed = (err: unknown) => {
    const stepName = err instanceof AppSetupError ? ctx.t(STEP_KEYS[err.step]) : "";
    const reason = describeError(err instanceof AppSetupError ? err.cause : err);
    say("");
    problem.set([ctx.t("app_setup.failed", { step: stepName, reason })]);
  };

  function useHistoryApp(appId: string): void {
    s.history.appId = appId;
    s.history.enabled = true;
    s.history.fields = { ...HISTORY_MAPPING };
    ports.restart(structuredClone(s));
  }

  function tokenGuide(historyAppId: string): HTMLElement {
    const base = ports.kintoneBaseUrl.replace(/\/+$/, "");
    const item = (label: string, appId: string, secret: SecretName) =>
      h(
        "li",
        { attrs: { "data-token-for": secret } },
        `${label}: `,
        h(
          "a",
          { attrs: { href: `${base}/k/admin/app/apitoken?app=${encodeURIComponent(appId)}`, target: "_blank", rel: "noopener" } },
          ctx.t("app_setup.token_page"),
        ),
        ` — ${ctx.t("app_setup.token_permissions")}`,
      );
    return h(
      "div",
      { className: "cc-app-setup-tokens" },
      h("p", {}, ctx.t("app_setup.tokens_intro")),
      h(
        "ul",
        {},
        item(ctx.t("app_setup.customer_app", { id: ctx.appId }), ctx.appId, "customerApiToken"),
        item(ctx.t("app_setup.history_app", { id: historyAppId }), historyAppId, "historyApiToken"),
      ),
    );
  }

  async function offerHistoryApp(customer: AppInfo): Promise<void> {
    const made = await findHistoryApp(ports.appAdmin, customer);
    if (made) {
      const use = new Button({ text: ctx.t("app_setup.use_existing"), type: "submit" });
      use.addEventListener("click", () => useHistoryApp(made.appId));
      body.replaceChildren(h("p", {}, ctx.t("app_setup.found", { id: made.appId })), use);
      return;
    }
    const create = new Button({ text: ctx.t("app_setup.create"), type: "submit", className: "cc-create-history" });
    create.addEventListener("click", () => {
      create.disabled = true;
      problem.set([]);
      createHistoryApp(ports.appAdmin, customer, progress, ports.pollMs).then(
        (appId) => {
          say(ctx.t("app_setup.created", { id: appId }));
          useHistoryApp(appId);
        },
        (err: unknown) => {
          create.disabled = false;
          failed(err);
        },
      );
    });
    body.replaceChildren(h("p", {}, ctx.t("app_setup.none")), create);
  }

  async function offerPanel(historyAppId: string): Promise<void> {
    const [properties, layout] = await Promise.all([ctx.api.formFields(ctx.appId), ctx.api.formLayout(ctx.appId)]);
    const missing = customerPanelMissing(properties, layout, historyAppId);
    const parts: HTMLElement[] = [];
    if (missing.space || missing.reference) {
      const phone = joinField(properties, s.customer.phoneFields);
      const what = [
        missing.space ? ctx.t("app_setup.lacks_space") : "",
        missing.reference ? ctx.t("app_setup.lacks_reference") : "",
      ].filter(Boolean);
      parts.push(h("p", {}, ctx.t("app_setup.panel_missing", { what: what.join(" / ") })));
      if (missing.reference && !phone) parts.push(h("p", {}, ctx.t("app_setup.no_phone_field")));
      else {
        const add = new Button({ text: ctx.t("app_setup.panel_add"), type: "normal", className: "cc-add-panel" });
        add.addEventListener("click", () => {
          void (async () => {
            if (!(await confirmFormChange(ctx))) return;
            add.disabled = true;
            problem.set([]);
            try {
              await addPanelToCustomer(ports.appAdmin, ctx.appId, historyAppId, missing, phone ?? "", progress, ports.pollMs);
              if (missing.space) s.history.panelSpaceId = PANEL_SPACE_ID;
              say(ctx.t("app_setup.panel_added"));
              ports.restart(structuredClone(s));
            } catch (err) {
              add.disabled = false;
              failed(err);
            }
          })();
        });
        parts.push(add);
      }
    }
    if (!ctx.draft.saved.customerApiToken || !ctx.draft.saved.historyApiToken) parts.push(tokenGuide(historyAppId));
    body.replaceChildren(...parts);
  }

  const el = section(ctx.t("section.app_setup"), "app-setup", body, status, problem.el);
  el.setAttribute("data-setting", "app-setup");
  const start = s.history.appId ? offerPanel(s.history.appId) : ports.appAdmin.app(ctx.appId).then((customer) => offerHistoryApp(customer));
  start.catch((err: unknown) => problem.set([ctx.t("app_setup.load_failed", { reason: describeError(err) })]));
  return el;
}

/** Tokens typed on this screen, tried against their apps; a token without a needed permission is refused, naming it. */
export async function tokenPermissionIssues(ctx: ScreenContext, kintoneBaseUrl: string): Promise<ConfigIssue[]> {
  const checks: [SecretName, string][] = [
    ["customerApiToken", ctx.appId],
    ["historyApiToken", ctx.draft.settings.history.appId],
  ];
  const issues: ConfigIssue[] = [];
  for (const [name, appId] of checks) {
    const token = ctx.draft.secrets[name].trim();
    if (!token || !appId) continue;
    const result = await checkToken(ctx.proxy, kintoneBaseUrl, appId, token);
    const target = `secrets.${name}`;
    if (result.kind === "missing")
      issues.push({
        target,
        key: "app_setup.token_missing",
        params: { permissions: result.permissions.map((p) => ctx.t(PERMISSION_KEYS[p])).join(ctx.lang === "en" ? ", " : "、") },
      });
    else if (result.kind === "other_app") issues.push({ target, key: "app_setup.token_other_app", params: { id: appId } });
    // "failed": the check itself could not run (kintone unreachable through its proxy); saving is not blocked on that.
  }
  return issues;
}
