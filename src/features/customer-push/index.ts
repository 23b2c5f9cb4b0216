// Keeps CallConnect's customers in step with the record saves and deletes made in this browser.
import { createCallConnectClient } from "../../shared/callconnect/client";
import { isHttpUrl } from "../safe-url";
import { onRecordEvent, EVENTS, type Platform, type RecordEvent } from "../../kintone-js/events";
import { pluginProxyTransport } from "../../kintone-js/plugin-proxy";
import type { RecordView } from "../../kintone-js/record-view";
import { viewContext, type ViewContext } from "../context";
import { clearNotification, notify } from "../notify";
import { Outbox, outboxStorageKey } from "./outbox";
import { changeOfDelete, changeOfSave, flushOutbox, pushChange, refusedField, type PushDeps, type Refusal } from "./push";

const TOPIC = "push";

function deps(ctx: ViewContext, appId: number | string): PushDeps | null {
  const { settings } = ctx;
  if (!isHttpUrl(settings.callconnect.baseUrl) || settings.customer.phoneFields.length === 0) return null;
  return {
    client: createCallConnectClient({ baseUrl: settings.callconnect.baseUrl, transport: pluginProxyTransport(ctx.pluginId) }),
    outbox: new Outbox(window.localStorage, outboxStorageKey(ctx.pluginId, appId)),
  };
}

/** Says which field to fix and that the change will not be retried: retrying the same values cannot help. */
function refusalText(ctx: ViewContext, r: Refusal): string {
  const field = refusedField(r.details, ctx.settings);
  const details = r.details.slice(0, 200);
  return field ? ctx.t("push.refused", { field, details }) : ctx.t("push.refused_unknown", { details });
}

async function push(ctx: ViewContext, d: PushDeps, change: Parameters<typeof pushChange>[0]): Promise<void> {
  const outcome = await pushChange(change, d);
  if (outcome.kind === "queued") notify(ctx.t("push.queued", { reason: ctx.t(`reason.${outcome.reason}`) }), "error", TOPIC);
  else if (outcome.kind === "refused") notify(refusalText(ctx, outcome), "error", TOPIC);
  else clearNotification(TOPIC);
}

let flushed = false;

/** Once per page load: retry what earlier pages could not send. Not awaited by any event. */
async function flushOnce(ctx: ViewContext, d: PushDeps): Promise<void> {
  if (flushed) return;
  flushed = true;
  const r = await flushOutbox(d);
  // Shown while anything waits, so a failure noticed just before kintone left the edit page stays visible.
  const refusal = r.refused?.[0];
  if (refusal) notify(refusalText(ctx, refusal), "error", TOPIC);
  else if (r.pending)
    notify(ctx.t("push.pending", { n: r.pending, reason: ctx.t(`reason.${r.lastReason ?? "unreachable"}`) }), "error", TOPIC);
  else if (r.sent) notify(ctx.t("push.flushed", { n: r.sent }), "success", TOPIC);
}

export function registerCustomerPush(platform: Platform, view: RecordView): void {
  const events = EVENTS[platform];
  onRecordEvent<RecordEvent>(events.anyShow, (event) => {
    const ctx = viewContext();
    const d = ctx && deps(ctx, event.appId);
    if (ctx && d) void flushOnce(ctx, d);
  });
  onRecordEvent<RecordEvent>(events.saveSuccess, async (event) => {
    const ctx = viewContext();
    const d = ctx && deps(ctx, event.appId);
    if (!ctx || !d) return;
    const id = event.recordId ?? event.record.$id?.value;
    const record = { ...event.record, $id: { type: "__ID__", value: String(id) } };
    const kind = event.type.includes("create") ? "create" : "edit";
    const change = changeOfSave(record, ctx.settings, event.appId, view.recordUrl(event.appId, String(id)), kind);
    if (change) await push(ctx, d, change);
  });
  // kintone has no "delete succeeded" event: the record is captured on submit, before it goes.
  onRecordEvent<RecordEvent>(events.deleteSubmit, async (event) => {
    const ctx = viewContext();
    const d = ctx && deps(ctx, event.appId);
    const id = event.recordId ?? event.record?.$id?.value;
    if (ctx && d && id !== undefined) await push(ctx, d, changeOfDelete(event.appId, String(id)));
  });
}
