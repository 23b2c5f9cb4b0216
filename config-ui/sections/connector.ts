// コネクタ: URL and secrets, the webhook URLs it hands back on save, and its status with 今すぐ同期.
import { Button } from "kintone-ui-component/lib/button/index.js";
import type { ScreenContext } from "../context";
import { h, section } from "../dom";
import { secretControl, textInput } from "../controls";
import { describeConnectorStatus } from "../connector-status";
import { connectorStatus, connectorSync, type ConnectorFailure, type Webhooks } from "../connector-client";

export function connectorFailureText(ctx: ScreenContext, f: ConnectorFailure): string {
  switch (f.kind) {
    case "unreachable":
      return ctx.t("connector.unreachable", { reason: f.reason });
    case "unauthorized":
      return ctx.t("connector.unauthorized", { status: f.status });
    case "other_status":
      return ctx.t("connector.other_status", { status: f.status });
    case "bad_body":
      return ctx.t("connector.bad_body");
  }
}

function statusLines(ctx: ScreenContext, status: Record<string, unknown>): HTMLElement {
  const list = h("dl", { className: "cc-status-list" });
  for (const line of describeConnectorStatus(status, ctx.t, ctx.lang, ctx.timeZone)) {
    list.append(h("dt", {}, line.label), h("dd", { className: line.problem ? "cc-status-problem" : "" }, line.value));
  }
  return list;
}

/** Webhook URLs are shown as selectable text, not links: the admin copies them into other products. */
function webhookRow(label: string, url: string): HTMLElement {
  const out = h("input", { className: "cc-input cc-webhook", attrs: { readonly: "", "aria-label": label } });
  out.value = url;
  return h("div", { className: "cc-row" }, h("div", { className: "cc-label" }, label), out);
}

export function connectorSection(ctx: ScreenContext): { el: HTMLElement; showRegistration(r: { kind: "ok"; webhooks: Webhooks } | ConnectorFailure): void; ready: Promise<void> } {
  const s = ctx.draft.settings.connector;
  const statusPanel = h("div", { className: "cc-status", attrs: { "data-setting": "connector.status", role: "region", "aria-label": ctx.t("connector.status") } });
  statusPanel.hidden = true;
  const registration = h("div", { className: "cc-registration", attrs: { "data-setting": "connector.registration", role: "status" } });
  registration.hidden = true;

  async function loadStatus(): Promise<void> {
    const secret = ctx.savedSecrets.connectorSecret;
    if (!s.url || !secret) return;
    const r = await connectorStatus(ctx.proxy, s.url, ctx.appId, secret, ctx.lang).catch(() => null);
    if (r?.kind !== "ok") return; // the panel appears only when the connector answers
    const message = h("p", { attrs: { role: "status" } });
    const sync = new Button({ text: ctx.t("connector.sync"), type: "normal" });
    sync.addEventListener("click", async () => {
      sync.disabled = true;
      const done = await connectorSync(ctx.proxy, s.url, ctx.appId, secret);
      message.textContent = done.kind === "ok" ? ctx.t("connector.sync_started") : ctx.t("connector.sync_failed", { reason: connectorFailureText(ctx, done) });
      sync.disabled = false;
    });
    statusPanel.replaceChildren(h("h3", {}, ctx.t("connector.status")), statusLines(ctx, r.status), sync, message);
    statusPanel.hidden = false;
  }

  const el = section(
    ctx.t("section.connector"),
    "connector",
    textInput(ctx, { label: ctx.t("connector.url"), target: "connector.url", value: s.url, placeholder: "https://", onChange: (v) => (s.url = v) }),
    secretControl(ctx, "connectorSecret", ctx.t("connector.secret")),
    secretControl(ctx, "customerApiToken", ctx.t("connector.customerToken")),
    registration,
    statusPanel,
  );
  return {
    el,
    ready: loadStatus(),
    showRegistration(r) {
      registration.hidden = false;
      if (r.kind === "ok") {
        registration.className = "cc-registration cc-note cc-note-info";
        registration.replaceChildren(
          h("p", {}, ctx.t("connector.registered")),
          webhookRow(ctx.t("connector.webhook_callconnect"), r.webhooks.callconnect),
          webhookRow(ctx.t("connector.webhook_kintone"), r.webhooks.kintone),
        );
      } else {
        registration.className = "cc-registration cc-note cc-note-warning";
        registration.replaceChildren(h("p", {}, ctx.t("connector.register_failed", { reason: connectorFailureText(ctx, r) })));
      }
    },
  };
}
