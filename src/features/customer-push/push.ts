// Sends record changes to CallConnect without ever holding up the agent's save: the change goes into the
// outbox first, then a bounded wait; whatever is not confirmed by then is retried on a later page load.
import { buildCustomer, externalKey, type CallConnectClient, type CallConnectErrorKind } from "../../shared/callconnect/client";
import { type KintoneRecord } from "../../shared/kintone/record";
import type { Settings } from "../../shared/settings";
export { refusedField } from "../../shared/callconnect/customer";
import type { Change, Outbox, OutboxEntry } from "./outbox";

export const PUSH_WAIT_MS = 3000;

export type FailureReason = CallConnectErrorKind | "timeout";

/** CallConnect refused the values (400): no retry can change that, so the change is dropped and the agent told. */
export interface Refusal {
  /** CallConnect's own words, e.g. "name: Invalid length": shown as text, never as HTML. */
  details: string;
}

export type PushOutcome =
  { kind: "done" } | { kind: "skipped" } | { kind: "queued"; reason: FailureReason } | ({ kind: "refused" } & Refusal);

type Failure = { kind: FailureReason; message: string };

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

async function send(client: CallConnectClient, change: Change): Promise<Failure | null> {
  const r = change.op === "upsert" ? await client.upsertCustomer(change.key, change.customer) : await client.deleteCustomer(change.key);
  return r.ok ? null : { kind: r.error.kind, message: r.error.message };
}

function settle(deps: PushDeps, entry: OutboxEntry, failure: Failure | null): void {
  // A refusal of the values is final: retrying the same values would be refused forever.
  if (failure === null || failure.kind === "bad_request") deps.outbox.done(entry);
  else deps.outbox.failed(entry, failure.kind);
}

/** One attempt, raced against the bound; the entry is settled whenever the answer comes, even after the bound. */
async function attempt(deps: PushDeps, entry: OutboxEntry): Promise<Failure | "timeout" | null> {
  const sending = send(deps.client, entry).then((failure) => {
    settle(deps, entry, failure);
    return failure;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deps.waitMs ?? PUSH_WAIT_MS)));
  const reason = await Promise.race([sending, timeout]);
  clearTimeout(timer);
  return reason;
}

export async function pushChange(change: Change, deps: PushDeps): Promise<PushOutcome> {
  const failure = await attempt(deps, deps.outbox.put(change));
  if (failure === null) return { kind: "done" };
  if (failure === "timeout") return { kind: "queued", reason: "timeout" };
  return failure.kind === "bad_request" ? { kind: "refused", details: failure.message } : { kind: "queued", reason: failure.kind };
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** Entries still waiting after this flush (failed now, or not due yet). */
  pending: number;
  lastReason?: FailureReason;
  /** Changes CallConnect refused for good in this flush (dropped from the outbox); absent when none. */
  refused?: Refusal[];
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
  const refused: Refusal[] = [];
  for (const entry of deps.outbox.due()) {
    const failure = await attempt(deps, entry);
    if (failure === null) sent++;
    else if (failure !== "timeout" && failure.kind === "bad_request") refused.push({ details: failure.message });
    else {
      failed++;
      lastReason = failure === "timeout" ? "timeout" : failure.kind;
    }
  }
  const left = deps.outbox.list();
  const stored = left.map((e) => e.lastError).find((r): r is FailureReason => REASONS.includes(r as FailureReason));
  const why = lastReason ?? stored;
  return { sent, failed, pending: left.length, ...(refused.length ? { refused } : {}), ...(why ? { lastReason: why } : {}) };
}
