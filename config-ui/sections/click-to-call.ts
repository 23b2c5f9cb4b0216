// クリック発信: how a call starts, on which phone fields and in which views.
import { RadioButton } from "kintone-ui-component/lib/radio-button/index.js";
import { Checkbox } from "kintone-ui-component/lib/checkbox/index.js";
import { CLICK_TO_CALL_MODES, type ClickToCallMode } from "../../src/shared/settings";
import { candidatesFor } from "../fields";
import type { ScreenContext } from "../context";
import { row, section } from "../dom";
import { fieldMultiChoice, textInput } from "../controls";

const VIEWS = ["detail", "list", "mobile"] as const;

export function clickToCallSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings.clickToCall;
  const mode = new RadioButton({
    label: ctx.t("clickToCall.mode"),
    items: CLICK_TO_CALL_MODES.map((m) => ({ label: ctx.t(`clickToCall.mode.${m}`), value: m })),
    value: s.mode,
    itemLayout: "vertical",
  });
  const template = textInput(ctx, {
    label: ctx.t("clickToCall.urlTemplate"),
    target: "clickToCall.urlTemplate",
    value: s.urlTemplate,
    placeholder: "https://…?number={number}",
    onChange: (v) => (s.urlTemplate = v),
  });
  const showTemplate = () => (template.hidden = s.mode !== "webphone");
  mode.addEventListener("change", (e) => {
    s.mode = String((e as CustomEvent<{ value?: string }>).detail.value) as ClickToCallMode;
    showTemplate();
  });
  showTemplate();

  const views = new Checkbox({
    label: ctx.t("clickToCall.views"),
    items: VIEWS.map((v) => ({ label: ctx.t(`clickToCall.view.${v}`), value: v })),
    value: VIEWS.filter((v) => s.views[v]),
    itemLayout: "horizontal",
  });
  views.addEventListener("change", (e) => {
    const on = (e as CustomEvent<{ value?: string[] }>).detail.value ?? [];
    s.views = { detail: on.includes("detail"), list: on.includes("list"), mobile: on.includes("mobile") };
  });

  return section(
    ctx.t("section.clickToCall"),
    "click-to-call",
    row("clickToCall.mode", mode),
    template,
    fieldMultiChoice(ctx, {
      label: ctx.t("clickToCall.phoneFields"),
      target: "clickToCall.phoneFields",
      candidates: candidatesFor("customer.phone", ctx.customerForm),
      value: s.phoneFields,
      onChange: (codes) => (s.phoneFields = codes),
    }),
    row("clickToCall.views", views),
  );
}
