// コネクタ: URL and secrets, the webhook URLs (from the save, else from the status) and the status panel.
import type { ScreenContext } from "../context";
import { h, section } from "../dom";
import { secretControl, textInput } from "../controls";
import { connectorFailureText, failureNote } from "../connector-text";
import type { ConnectorFailure, Webhooks } from "../connector-client";
import { connectorPanel } from "./connector-panel";

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
  const registration = h("div", { className: "cc-registration", attrs: { "data-setting": "connector.registration", role: "status" } });
  registration.hidden = true;
  /** Set once this page saved: what the save answered wins over what an earlier status said. */
  let registeredNow = false;

  function showWebhooks(intro: string, webhooks: Webhooks): void {
    registration.hidden = false;
    registration.className = "cc-registration cc-note cc-note-info";
    registration.replaceChildren(
      h("p", {}, intro),
      webhookRow(ctx.t("connector.webhook_callconnect"), webhooks.callconnect),
      webhookRow(ctx.t("connector.webhook_kintone"), webhooks.kintone),
    );
  }

  const panel = connectorPanel(ctx, (webhooks) => {
    if (!registeredNow) showWebhooks(ctx.t("connector.registered_before"), webhooks);
  });
  const secret = ctx.savedSecrets.connectorSecret;

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
    panel.el,
  );
  return {
    el,
    ready: s.url && secret ? panel.load(secret) : Promise.resolve(),
    showRegistration(r) {
      registeredNow = true;
      if (r.kind === "ok") return showWebhooks(ctx.t("connector.registered"), r.webhooks);
      registration.hidden = false;
      registration.className = "cc-registration cc-note cc-note-warning";
      const sentence = ctx.t("connector.register_failed", { reason: connectorFailureText(ctx, r) });
      registration.replaceChildren(...failureNote(ctx, sentence, r));
    },
  };
}
