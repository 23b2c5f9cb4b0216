// 着信時の顧客表示: screen pop on or off, opening a lone match at once, and the wrap-up results an agent picks from.
import { Checkbox } from "kintone-ui-component/lib/checkbox/index.js";
import { Table } from "kintone-ui-component/lib/table/index.js";
import { Text } from "kintone-ui-component/lib/text/index.js";
import type { ScreenContext } from "../context";
import { h, row, section } from "../dom";
import { errorLine } from "../controls";

interface ResultRow {
  result: string;
}

export function screenPopSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings.screenPop;
  const options = new Checkbox({
    items: [
      { label: ctx.t("screenPop.enabled"), value: "enabled" },
      { label: ctx.t("screenPop.openAtOnce"), value: "openAtOnce" },
    ],
    value: [...(s.enabled ? ["enabled"] : []), ...(s.openAtOnce ? ["openAtOnce"] : [])],
    itemLayout: "vertical",
  });
  options.addEventListener("change", (e) => {
    const chosen = (e as CustomEvent<{ value?: string[] }>).detail.value ?? [];
    s.enabled = chosen.includes("enabled");
    s.openAtOnce = chosen.includes("openAtOnce");
  });
  // kuc's table keeps one row at least: a blank row means "no results offered".
  const table = new Table<ResultRow>({
    columns: [
      {
        field: "result",
        title: ctx.t("screenPop.result"),
        render: (value: unknown) => new Text({ value: typeof value === "string" ? value : "", className: "cc-result-cell" }),
      },
    ],
    data: s.results.length ? s.results.map((result) => ({ result })) : [{ result: "" }],
    actionButton: true,
  });
  table.addEventListener("change", (e) => {
    const rows = (e as CustomEvent<{ data?: ResultRow[] }>).detail.data ?? [];
    s.results = rows.map((r) => r.result);
  });
  const error = errorLine(ctx, "screenPop.results");
  return section(
    ctx.t("section.screenPop"),
    "screen-pop",
    h("p", { className: "cc-note cc-note-info" }, ctx.t("screenPop.note")),
    row("screenPop.options", options),
    h("div", { className: "cc-label" }, ctx.t("screenPop.results")),
    h("p", { className: "cc-note cc-note-info" }, ctx.t("screenPop.results_note")),
    row("screenPop.results", table, error),
  );
}
