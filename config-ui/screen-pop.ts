// The wrap-up results the admin offers (kuc's table always shows one row, blank when there are none). Pure.
import type { ConfigMessageKey } from "./messages";

/** Offered on a first setup. */
export const DEFAULT_WRAPUP_RESULTS = ["受注", "折り返し", "不在", "クレーム"];

const MAX_RESULTS = 30;
const MAX_LENGTH = 64;

/** What is stored: trimmed, blank rows dropped. */
export function cleanResults(rows: readonly string[]): string[] {
  return rows.map((r) => r.trim()).filter((r) => r !== "");
}

export interface ResultIssue {
  key: Extract<ConfigMessageKey, "screenPop.result_long" | "screenPop.result_duplicate" | "screenPop.result_many">;
  params?: Record<string, string>;
}

/** Rows numbered as the table shows them, blank rows included. */
export function resultIssues(rows: readonly string[]): ResultIssue[] {
  const issues: ResultIssue[] = [];
  const first = new Map<string, number>();
  rows.forEach((raw, i) => {
    const result = raw.trim();
    const row = String(i + 1);
    if (result === "") return;
    if ([...result].length > MAX_LENGTH) issues.push({ key: "screenPop.result_long", params: { row } });
    const seen = first.get(result);
    if (seen !== undefined) issues.push({ key: "screenPop.result_duplicate", params: { row, result, first: String(seen) } });
    else first.set(result, i + 1);
  });
  if (cleanResults(rows).length > MAX_RESULTS) issues.push({ key: "screenPop.result_many" });
  return issues;
}
