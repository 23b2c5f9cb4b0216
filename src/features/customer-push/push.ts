// Sends record changes to CallConnect without ever holding up the agent's save: the change goes into the
// outbox first, then a bounded wait; whatever is not confirmed by then is retried on a later page load.
import { buildCustomer, externalKey, type CallConnectClient, type CallConnectErrorKind, type KintoneRecord } from "../../callconnect/client";
import type { Settings } from "../../core/settings";
import type { Change, Outbox, OutboxEntry } from "./outbox";

export const PUSH_WAIT_MS = 3000;

export type FailureReason = CallConnectErrorKind | "timeout";

export type PushOutcome = { kind: "done" } | { kind: "skipped" } | { kind: "queued"; reason: FailureReason };

/**
 * The change a save makes: an upsert when the record has a number; after an edit without a number an
 * unlink (CallConnect keeps only customers with numbers); nothing for a new record without one.
 */
export function changeOfSave(record: KintoneRecord, settings: Settings, appId: string | number, recordUrl: string, kind: "create" | "edit"): Change | null {
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

export async function pushChange(change: Change, deps: PushDeps): Promise<PushOutcome> {
  const entry = deps.outbox.put(change);
  const sending = send(deps.client, change).then((reason) => {
    settle(deps, entry, reason);
    return reason;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deps.waitMs ?? PUSH_WAIT_MS)));
  const reason = await Promise.race([sending, timeout]);
  clearTimeout(timer);
  return reason === null ? { kind: "done" } : { kind: "queued", reason };
}

export interface FlushResult {
  sent: number;
  failed: number;
  lastReason?: FailureReason;
}

/** Retries what is due, one at a time so a page load never bursts requests at CallConnect. */
export async function flushOutbox(deps: PushDeps): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, failed: 0 };
  for (const entry of deps.outbox.due()) {
    const reason = await send(deps.client, entry);
    settle(deps, entry, reason);
    if (reason === null) result.sent++;
    else {
      result.failed++;
      result.lastReason = reason;
    }
  }
  return result;
}
