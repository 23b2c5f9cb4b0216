// Click-to-call on detail, list and mobile pages; API mode starts the call through the plugin proxy.
import { createCallConnectClient } from "../../shared/callconnect/client";
import { translator } from "../../shared/i18n";
import { allPhoneFields } from "../../shared/settings";
import { onRecordEvent, EVENTS, type Platform } from "../../kintone-js/events";
import { pluginProxyTransport } from "../../kintone-js/plugin-proxy";
import type { RecordView } from "../../kintone-js/record-view";
import { viewContext, type ViewContext } from "../context";
import { notify } from "../notify";
import { createAnnouncer, createCallKeys } from "./call-keys";
import { dialSettingError, startCallBody, type Agent } from "./dial";
import { clickToCallMessages } from "./messages";
import { installClickHandler, linkifyElement } from "./view";

const RELINK_AFTER_MS = [0, 300, 1000];

const callKey = createCallKeys();
const firstAcceptance = createAnnouncer();

/** Who clicked, so CallConnect credits the call to the kintone user who placed it. */
function agent(): Agent {
  const user = kintone.getLoginUser();
  return { code: user.code, email: user.email };
}

function startCall(ctx: ViewContext, call: { number: string; display: string; extension?: string }): void {
  const client = createCallConnectClient({ baseUrl: ctx.settings.callconnect.baseUrl, transport: pluginProxyTransport(ctx.pluginId) });
  const key = callKey(call.number);
  void client.startCall(startCallBody(call, agent()), key).then((r) => {
    if (r.ok) {
      if (firstAcceptance(key)) notify(ctx.t("call.started", { number: call.display || call.number }), "success", "call");
    } else notify(ctx.t("call.failed", { reason: ctx.t(`reason.${r.error.kind}`) }), "error", "call");
  });
}

/** The context when click-to-call is on for this view, else null (a broken setting is reported once). */
function callContext(view: "detail" | "list" | "mobile"): ViewContext | null {
  const ctx = viewContext();
  if (!ctx || !ctx.settings.clickToCall.views[view]) return null;
  const broken = dialSettingError(ctx.settings);
  if (broken) {
    notify(ctx.t("setting.invalid", { setting: broken }), "error", "settings");
    return null;
  }
  installClickHandler({ startCall: (call) => startCall(ctx, call) });
  return ctx;
}

function linkAll(ctx: ViewContext, elements: (code: string) => (HTMLElement | null)[]): number {
  const t = translator(clickToCallMessages, ctx.lang);
  const options = {
    clickToCall: ctx.settings.clickToCall,
    tooltip: (extension?: string) => (extension ? t("call.tooltip_extension", { extension }) : ctx.t("call.tooltip")),
    agent: agent(),
  };
  let made = 0;
  for (const code of allPhoneFields(ctx.settings)) for (const el of elements(code)) if (el) made += linkifyElement(el, options);
  return made;
}

export function registerClickToCall(platform: Platform, view: RecordView): void {
  const detail = platform === "mobile" ? "mobile" : "detail";
  const list = platform === "mobile" ? "mobile" : "list";
  onRecordEvent(EVENTS[platform].detailShow, () => {
    const ctx = callContext(detail);
    if (ctx) linkAll(ctx, (code) => [view.fieldElement(code)]);
  });
  onRecordEvent(EVENTS[platform].listShow, () => {
    const ctx = callContext(list);
    if (ctx) linkAll(ctx, (code) => view.fieldElements(code));
  });
  // After an inline edit kintone redraws the row once the handlers have returned, at a time it does not
  // document: look again a few times. Linking is idempotent, so a cell already linked is left alone.
  onRecordEvent(EVENTS[platform].listEditSuccess, () => {
    const ctx = callContext(list);
    if (ctx) for (const ms of RELINK_AFTER_MS) setTimeout(() => linkAll(ctx, (code) => view.fieldElements(code)), ms);
  });
}
