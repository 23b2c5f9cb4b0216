// Sends record changes to CallConnect without ever holding up the agent's save: the change goes into the
// outbox first, then a bounded wait; whatever is not confirmed by then is retried on a later page load.
import { buildCustomer, externalKey, type CallConnectClient, type CallConnectErrorKind } from "../../shared/callconnect/client";
import { type KintoneRecord } from "../../shared/kintone/record";
import type { Settings } from "../../shared/settings";
import type { Change, Outbox, OutboxEntry } from "./outbox";

export const PUSH_WAIT_MS = 3000;

export type FailureReason = CallConnectErrorKind | "timeout";

export type PushOutcome = { kind: "done" } | { kind: "skipped" } | { kind: "queued"; reason: FailureReason };

/**
 * The change a save makes: an upsert when the record has a number; after an edit without a number an
 * unlink (CallConnect keeps only customers with numbers); nothing for a new record without one.
 */
export function changeOfSave(
  record: KintoneRecord,
  settings: Settings,
  appId: string | number,
  recordUrl: string,
  kind: "create" | "edit",
): Change | null {
  const customer = buildCustomer(record, settings, appId, recordUrl);
  const key = externalKey(appId, customer.external_id);
  if (customer.numbers.length) return { op: "upsert", key, customer };
  return kind === "edit" ? { op: "delete", key } : null;
}

export function changeOfDelete(appId: string | number, recordId: string | number): Change {
  return { op: "delete", key: externalKey(appId, recordId) };
}

export interface PushDeps {
  client: CallConnectClient;
  outbox: Outbox;
  waitMs?: number;
}

async function send(client: CallConnectClient, change: Change): Promise<FailureReason | null> {
  const r = change.op === "upsert" ? await client.upsertCustomer(change.key, change.customer) : await client.deleteCustomer(change.key);
  return r.ok ? null : r.error.kind;
}

function settle(deps: PushDeps, entry: OutboxEntry, reason: FailureReason | null): void {
  if (reason === null) deps.outbox.done(entry);
  else deps.outbox.failed(entry, reason);
}

/** One attempt, raced against the bound; the entry is settled whenever the answer comes, even after the bound. */
async function attempt(deps: PushDeps, entry: OutboxEntry): Promise<FailureReason | null> {
  const sending = send(deps.client, entry).then((reason) => {
    settle(deps, entry, reason);
    return reason;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deps.waitMs ?? PUSH_WAIT_MS)));
  const reason = await Promise.race([sending, timeout]);
  clearTimeout(timer);
  return reason;
}

export async function pushChange(change: Change, deps: PushDeps): Promise<PushOutcome> {
  const reason = await attempt(deps, deps.outbox.put(change));
  return reason === null ? { kind: "done" } : { kind: "queued", reason };
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** Entries still waiting after this flush (failed now, or not due yet). */
  pending: number;
  lastReason?: FailureReason;
}

const REASONS: readonly FailureReason[] = [
  "unauthorized",
  "not_found",
  "rate_limited",
  "unreachable",
  "server_error",
  "bad_request",
  "bad_response",
  "timeout",
];

/** Retries what is due, one at a time so a page load never bursts requests at CallConnect. */
export async function flushOutbox(deps: PushDeps): Promise<FlushResult> {
  let sent = 0;
  let failed = 0;
  let lastReason: FailureReason | undefined;
  for (const entry of deps.outbox.due()) {
    const reason = await attempt(deps, entry);
    if (reason === null) sent++;
    else {
      failed++;
      lastReason = reason;
    }
  }
  const left = deps.outbox.list();
  const stored = left.map((e) => e.lastError).find((r): r is FailureReason => REASONS.includes(r as FailureReason));
  const why = lastReason ?? stored;
  return { sent, failed, pending: left.length, ...(why ? { lastReason: why } : {}) };
}
