// The reconciliation: deletes the webhook missed, and the number index callers are matched against. Not being
// seen in a read is only a suspicion (record permissions, a view, a short page): a customer is removed only
// after kintone answers, for that record alone, that it does not exist; and a run that would remove more than
// an ordinary day's deletes removes nothing until an administrator confirms.
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import type { KintoneRecord } from "../../shared/kintone/record";
import { kintoneFailure } from "../errors";
import { customerDeleteWork } from "../work/keys";
import { numberTexts } from "../work/numbers";
import { PAGE, type Row, type SyncDeps, type SyncSummary } from "./read";

/** At most this many unseen customers are checked and removed without an administrator's word. */
export function deleteAllowance(syncedCustomers: number): number {
  return Math.max(1, Math.min(50, Math.floor(syncedCustomers * 0.05)));
}

/** Every record's id and phone fields by the seek method; it stops on a short page, never on a count. */
async function readAll(deps: SyncDeps): Promise<Row[]> {
  const { reg, access } = deps;
  const fields = ["$id", ...reg.settings.customer.phoneFields];
  const rows: Row[] = [];
  let last = "0";
  for (;;) {
    const { records } = await access.customers.record
      .getRecords({ app: reg.appId, fields, query: `$id > ${last} order by $id asc limit ${PAGE}` })
      .catch((err: unknown) => {
        throw kintoneFailure(err, { app: reg.appId, step: "reconcile deletes", permission: "view" });
      });
    rows.push(...(records as Row[]));
    if (records.length < PAGE) return rows;
    last = String(records[records.length - 1]!.$id?.value ?? last);
  }
}

/** kintone's own word on one record: gone only on GAIA_RE01 (record not found). Anything else keeps it. */
async function isGone(deps: SyncDeps, id: string): Promise<boolean> {
  try {
    await deps.access.customers.record.getRecord({ app: deps.reg.appId, id });
    return false;
  } catch (err) {
    if (err instanceof KintoneRestAPIError && err.code === "GAIA_RE01") return true;
    if (err instanceof KintoneRestAPIError) return false; // e.g. CB_NO02: hidden from this token, not deleted
    throw kintoneFailure(err, { app: deps.reg.appId, step: "reconcile deletes", permission: "view" });
  }
}

export async function reconcile(deps: SyncDeps, opts: { confirmed?: boolean } = {}): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { reg, store } = deps;
  const rows = await readAll(deps);
  const seen = new Set(rows.map((r) => String(r.$id?.value ?? "")));
  const phoneFields = reg.settings.customer.phoneFields;
  const synced = await store.syncedCustomerIds(reg.key);
  const suspects = [...new Set([...synced, ...(await store.indexedRecordIds(reg.key))])].filter((id) => !seen.has(id));
  const allowance = deleteAllowance(synced.length);
  const hold = suspects.length > allowance && !opts.confirmed;
  const gone: string[] = [];
  if (!hold) for (const id of suspects) if (await isGone(deps, id)) gone.push(id);
  const syncedSet = new Set(synced);
  let queued = 0;
  await store.transaction(async (tx) => {
    // Only what was read replaces its index entries; unseen records keep theirs until confirmed gone.
    for (const r of rows) await tx.setCustomerNumbers(reg.key, String(r.$id?.value ?? ""), numberTexts(r as KintoneRecord, phoneFields));
    for (const id of gone) {
      await tx.setCustomerNumbers(reg.key, id, []);
      if (syncedSet.has(id) && !(await tx.enqueue(customerDeleteWork(reg.key, id, { reconciledAt: started }))).duplicate) queued++;
    }
    await tx.saveSync({
      ...(await tx.getSync(reg.key)),
      lastReconcileAt: Date.now(),
      heldDeletes: hold ? { recordIds: suspects, at: Date.now() } : null,
    });
  });
  if (hold) deps.log.warn({ unseen: suspects.length, allowance }, "reconcile: too many customers unseen; nothing removed until confirmed");
  const summary: SyncSummary = {
    kind: "reconcile",
    trigger: deps.trigger,
    read: rows.length,
    queued,
    kintoneRequests: deps.access.requests.count - before,
    ms: Date.now() - started,
  };
  deps.log.info(summary, "reconcile done");
  return summary;
}
