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

const SYNC_POLL_MS = 1500;
const SYNC_POLLS = 80; // two minutes; a first import of 3,000 customers takes well under that

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

export function connectorSection(ctx: ScreenContext): {
  el: HTMLElement;
  showRegistration(r: { kind: "ok"; webhooks: Webhooks } | ConnectorFailure): void;
  ready: Promise<void>;
} {
  const s = ctx.draft.settings.connector;
  const statusPanel = h("div", {
    className: "cc-status",
    attrs: { "data-setting": "connector.status", role: "region", "aria-label": ctx.t("connector.status") },
  });
  statusPanel.hidden = true;
  const registration = h("div", { className: "cc-registration", attrs: { "data-setting": "connector.registration", role: "status" } });
  registration.hidden = true;

  const lines = h("div");
  const message = h("p", { attrs: { role: "status" } });

  /** Fetches the status and redraws it; null when the connector did not answer. */
  async function refresh(secret: string): Promise<Record<string, unknown> | null> {
    const r = await connectorStatus(ctx.proxy, s.url, ctx.appId, secret, ctx.lang).catch(() => null);
    if (r?.kind !== "ok") return null;
    lines.replaceChildren(statusLines(ctx, r.status));
    return r.status;
  }

  /** 今すぐ同期 shows its progress: the status is redrawn until the connector says the sync is over. */
  async function followSync(secret: string): Promise<void> {
    for (let i = 0; i < SYNC_POLLS; i++) {
      await new Promise((done) => setTimeout(done, SYNC_POLL_MS));
      const status = await refresh(secret);
      if (status && status.syncing !== true) {
        message.textContent = ctx.t("connector.sync_done");
        return;
      }
    }
    message.textContent = ctx.t("connector.sync_still_running");
  }

  async function loadStatus(): Promise<void> {
    const secret = ctx.savedSecrets.connectorSecret;
    if (!s.url || !secret) return;
    if (!(await refresh(secret))) return; // the panel appears only when the connector answers
    const sync = new Button({ text: ctx.t("connector.sync"), type: "normal" });
    sync.addEventListener("click", async () => {
      sync.disabled = true;
      const done = await connectorSync(ctx.proxy, s.url, ctx.appId, secret);
      if (done.kind === "ok") {
        message.textContent = ctx.t("connector.sync_started");
        await followSync(secret);
      } else {
        message.textContent = ctx.t("connector.sync_failed", { reason: connectorFailureText(ctx, done) });
      }
      sync.disabled = false;
    });
    statusPanel.replaceChildren(h("h3", {}, ctx.t("connector.status")), lines, sync, message);
    statusPanel.hidden = false;
  }

  const el = section(
    ctx.t("section.connector"),
    "connector",
    textInput(ctx, {
      label: ctx.t("connector.url"),
      target: "connector.url",
      value: s.url,
      placeholder: "https://",
      onChange: (v) => (s.url = v),
    }),
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
