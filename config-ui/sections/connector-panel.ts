// The connector's status panel: the last sync in plain words, 今すぐ同期 followed to its end, and failed work
// with 再試行 / 破棄.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { describeError, type ScreenContext } from "../context";
import { h } from "../dom";
import { describeConnectorStatus } from "../connector-status";
import { connectorFailureText } from "../connector-text";
import {
  connectorConfirmDeletes,
  connectorFailureAction,
  connectorStatus,
  connectorSync,
  type ConnectorFailure,
  type FailureAction,
  type Webhooks,
} from "../connector-client";

const SYNC_POLL_MS = 1500;
const SYNC_POLLS = 80; // two minutes; a first import of 3,000 customers takes well under that

export function connectorPanel(
  ctx: ScreenContext,
  onWebhooks: (webhooks: Webhooks) => void,
): { el: HTMLElement; load(secret: string): Promise<void> } {
  const url = () => ctx.draft.settings.connector.url;
  const el = h("div", {
    className: "cc-status",
    attrs: { "data-setting": "connector.status", role: "region", "aria-label": ctx.t("connector.status") },
  });
  el.hidden = true;
  const lines = h("div");
  const message = h("p", { attrs: { role: "status" } });

  function failureActions(secret: string, id: number): HTMLElement {
    const buttons = (["retry", "dismiss"] as const).map((action) => {
      const b = new Button({ text: ctx.t(`connector.failure.${action}`), type: "normal" });
      b.addEventListener("click", () => void act(action));
      return b;
    });
    async function act(action: FailureAction): Promise<void> {
      for (const b of buttons) b.disabled = true;
      const r = await connectorFailureAction(ctx.proxy, url(), ctx.appId, secret, id, action).catch((err: unknown): ConnectorFailure => ({
        kind: "unreachable",
        reason: describeError(err),
      }));
      if (r.kind === "ok") {
        message.textContent = ctx.t(action === "retry" ? "connector.failure.retried" : "connector.failure.dismissed");
        await refresh(secret);
        return;
      }
      message.textContent = ctx.t("connector.failure.action_failed", { reason: connectorFailureText(ctx, r) });
      for (const b of buttons) b.disabled = false;
    }
    return h("span", { className: "cc-failure-actions" }, ...buttons);
  }

  function confirmDeletes(secret: string): HTMLElement {
    const b = new Button({ text: ctx.t("connector.held.confirm"), type: "normal" });
    b.className = "cc-held-confirm";
    b.addEventListener("click", () => {
      b.disabled = true;
      void connectorConfirmDeletes(ctx.proxy, url(), ctx.appId, secret)
        .catch((err: unknown): ConnectorFailure => ({ kind: "unreachable", reason: describeError(err) }))
        .then(async (r) => {
          if (r.kind !== "ok") {
            message.textContent = ctx.t("connector.sync_failed", { reason: connectorFailureText(ctx, r) });
            b.disabled = false;
            return;
          }
          message.textContent = ctx.t("connector.held.started");
          await followSync(secret);
        });
    });
    return h("span", { className: "cc-failure-actions" }, b);
  }

  function statusLines(secret: string, status: Record<string, unknown>): HTMLElement {
    const list = h("dl", { className: "cc-status-list" });
    for (const line of describeConnectorStatus(status, ctx.t, ctx.lang, ctx.timeZone)) {
      const value = h("dd", { className: line.problem ? "cc-status-problem" : "" }, h("span", {}, line.value));
      if (line.heldDeletes) value.append(confirmDeletes(secret));
      if (line.failureId !== undefined) {
        value.setAttribute("data-failure", String(line.failureId));
        value.append(failureActions(secret, line.failureId));
      }
      list.append(h("dt", {}, line.label), value);
    }
    return list;
  }

  /** Fetches the status and redraws it; null when the connector did not answer. */
  async function refresh(secret: string): Promise<Record<string, unknown> | null> {
    const r = await connectorStatus(ctx.proxy, url(), ctx.appId, secret, ctx.lang).catch(() => null);
    if (r?.kind !== "ok") return null;
    lines.replaceChildren(statusLines(secret, r.status));
    if (r.status.webhooks) onWebhooks(r.status.webhooks);
    return r.status;
  }

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

  async function load(secret: string): Promise<void> {
    if (!(await refresh(secret))) return; // the panel appears only when the connector answers
    const sync = new Button({ text: ctx.t("connector.sync"), type: "normal" });
    sync.addEventListener("click", async () => {
      sync.disabled = true;
      const done = await connectorSync(ctx.proxy, url(), ctx.appId, secret);
      if (done.kind === "ok") {
        message.textContent = ctx.t("connector.sync_started");
        await followSync(secret);
      } else {
        message.textContent = ctx.t("connector.sync_failed", { reason: connectorFailureText(ctx, done) });
      }
      sync.disabled = false;
    });
    el.replaceChildren(h("h3", {}, ctx.t("connector.status")), lines, sync, message);
    el.hidden = false;
  }

  return { el, load };
}
