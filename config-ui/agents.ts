// The exceptions table: CallConnect agents whose e-mail or login name does not match their kintone user. Pure.
import type { ConfigMessageKey } from "./messages";

export interface AgentRow {
  /** The agent as CallConnect names it (the e-mail it sends as user_email). */
  callconnect: string;
  /** The kintone login name the agent's calls are credited to. */
  kintoneUser: string;
}

const isBlank = (r: AgentRow) => r.callconnect.trim() === "" && r.kintoneUser.trim() === "";

/** What is stored: trimmed, without the blank rows the table always shows at least one of. */
export function cleanAgentRows(rows: AgentRow[]): AgentRow[] {
  return rows.filter((r) => !isBlank(r)).map((r) => ({ callconnect: r.callconnect.trim(), kintoneUser: r.kintoneUser.trim() }));
}

export interface AgentIssue {
  key: Extract<ConfigMessageKey, "agents.incomplete" | "agents.duplicate">;
  params: Record<string, string>;
}

/** Rows are numbered as the table shows them, blank rows included. E-mail addresses compare case-insensitively. */
export function agentIssues(rows: AgentRow[]): AgentIssue[] {
  const issues: AgentIssue[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = String(i + 1);
    if (isBlank(r)) return;
    if (r.callconnect.trim() === "" || r.kintoneUser.trim() === "") return void issues.push({ key: "agents.incomplete", params: { row } });
    const agent = r.callconnect.trim();
    const first = firstRow.get(agent.toLowerCase());
    if (first !== undefined) issues.push({ key: "agents.duplicate", params: { row, agent, first: String(first) } });
    else firstRow.set(agent.toLowerCase(), i + 1);
  });
  return issues;
}
