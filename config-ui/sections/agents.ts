// 担当者の対応付け: the few CallConnect agents that match no kintone user by e-mail or login name.
import { Table } from "kintone-ui-component/lib/table/index.js";
import { Text } from "kintone-ui-component/lib/text/index.js";
import type { AgentRow } from "../agents";
import type { ScreenContext } from "../context";
import { h, row, section } from "../dom";
import { errorLine } from "../controls";

const blank = (): AgentRow => ({ callconnect: "", kintoneUser: "" });

function cell(placeholder: string) {
  return (value: unknown) => {
    const text = new Text({ value: typeof value === "string" ? value : "", placeholder });
    text.className = "cc-agent-cell";
    return text;
  };
}

export function agentsSection(ctx: ScreenContext): HTMLElement {
  const settings = ctx.draft.settings;
  const saved = settings.agents;
  // kuc's table offers "add" on each row, so it always keeps one row, blank when nothing is mapped.
  const table = new Table<AgentRow>({
    columns: [
      { field: "callconnect", title: ctx.t("agents.callconnect"), render: cell("agent@example.com") },
      { field: "kintoneUser", title: ctx.t("agents.kintoneUser"), render: cell(ctx.t("agents.kintoneUser")) },
    ],
    data: saved.length ? saved.map((r) => ({ ...r })) : [blank()],
    actionButton: true,
  });
  table.addEventListener("change", (e) => {
    settings.agents = ((e as CustomEvent<{ data?: AgentRow[] }>).detail.data ?? []).map((r) => ({ ...r }));
  });
  const error = errorLine(ctx, "agents");
  return section(
    ctx.t("section.agents"),
    "agents",
    h("p", { className: "cc-note cc-note-info" }, ctx.t("agents.note")),
    row("agents", table, error),
  );
}
