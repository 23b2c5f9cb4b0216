// The connector's status answer (GET …/status) as lines an administrator can read, not raw keys.
import type { Translate } from "./context";

export interface StatusLine {
  label: string;
  value: string;
  problem?: boolean;
  /** The failed work item this line is about, so the screen can offer retry and dismiss. */
  failureId?: number;
  /** Customers a reconciliation kept: the screen offers to check them one by one. */
  heldDeletes?: boolean;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function formatTime(iso: string, lang: "ja" | "en", timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang === "en" ? "en-US" : "ja-JP", { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
  } catch {
    return d.toISOString(); // unknown time zone name
  }
}

/**
 * The connector names a run by what it read (`kind`); a run of changes is 手動同期 or 定期同期 only when it also says
 * what started it (`trigger`), otherwise the neutral 差分同期: a manual sync must never read as the scheduled one.
 */
function runLabel(run: Record<string, unknown>, t: Translate): string {
  const kind = str(run.kind);
  const trigger = str(run.trigger);
  if (kind === "incremental" && (trigger === "manual" || trigger === "scheduled")) return t(`connector.st.trigger.${trigger}`);
  return kind === "initial" || kind === "incremental" || kind === "reconcile" ? t(`connector.st.kind.${kind}`) : "";
}

export function describeConnectorStatus(raw: Record<string, unknown>, t: Translate, lang: "ja" | "en", timeZone?: string): StatusLine[] {
  const lines: StatusLine[] = [];
  const at = str(raw.lastSyncAt);
  const last = typeof raw.lastSync === "object" && raw.lastSync !== null ? (raw.lastSync as Record<string, unknown>) : null;
  const runText = (run: Record<string, unknown>, words: "connector.st.run" | "connector.st.progress") => {
    const kindText = runLabel(run, t);
    return `${kindText ? `${kindText}: ` : ""}${t(words, { read: num(run.read), queued: num(run.queued), requests: num(run.kintoneRequests) })}`;
  };
  let value = at ? formatTime(at, lang, timeZone) : t("connector.st.never");
  if (last) value += ` — ${runText(last, "connector.st.run")}`;
  if (raw.syncing === true) {
    const progress = typeof raw.progress === "object" && raw.progress !== null ? (raw.progress as Record<string, unknown>) : null;
    lines.push({ label: t("connector.st.syncing"), value: progress ? runText(progress, "connector.st.progress") : "…" });
  }
  lines.push({ label: t("connector.st.last_sync"), value });
  const lastError = str(raw.lastSyncError);
  if (lastError) lines.push({ label: t("connector.st.last_error"), value: lastError, problem: true });
  const failed = num(raw.failed);
  lines.push({
    label: t("connector.st.queue"),
    value: t("connector.st.work", { pending: num(raw.pending), failed, done: num(raw.done) }),
    problem: failed > 0,
  });
  const held = typeof raw.heldDeletes === "object" && raw.heldDeletes !== null ? (raw.heldDeletes as Record<string, unknown>) : null;
  if (held)
    lines.push({
      label: t("connector.st.held"),
      value: t("connector.st.held_value", { count: num(held.count) }),
      problem: true,
      heldDeletes: true,
    });
  const failures = Array.isArray(raw.failures) ? raw.failures : [];
  for (const f of failures) {
    if (typeof f !== "object" || f === null) continue;
    const { at: when, reason, id } = f as Record<string, unknown>;
    const time = str(when);
    lines.push({
      label: t("connector.st.failures"),
      value: `${time ? `${formatTime(time, lang, timeZone)} ` : ""}${str(reason) ?? ""}`.trim(),
      problem: true,
      ...(typeof id === "number" && Number.isInteger(id) ? { failureId: id } : {}),
    });
  }
  return lines;
}
