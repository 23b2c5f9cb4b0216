// 通知イベント: which call events write a call-history record.
import { Checkbox } from "kintone-ui-component/lib/checkbox/index.js";
import { CALL_EVENTS, type CallEvent } from "../../src/shared/settings";
import type { ScreenContext } from "../context";
import { row, section } from "../dom";

export function eventsSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings.history;
  const box = new Checkbox({
    items: CALL_EVENTS.map((e) => ({ label: ctx.t(`event.${e}`), value: e })),
    value: [...s.events],
    itemLayout: "horizontal",
  });
  box.addEventListener("change", (e) => {
    const chosen = (e as CustomEvent<{ value?: string[] }>).detail.value ?? [];
    // Keep the documented order whatever order they were clicked in.
    s.events = CALL_EVENTS.filter((ev): ev is CallEvent => chosen.includes(ev));
  });
  ctx.errors.register("history.events", (m) => (box.error = m));
  return section(ctx.t("section.events"), "events", row("history.events", box));
}
