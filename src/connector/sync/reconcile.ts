// The reconciliation: deletes the webhook missed, and the number index callers are matched against.
import type { KintoneRecord } from "../../shared/kintone/record";
import { kintoneFailure } from "../errors";
import { customerDeleteWork } from "../work/keys";
import { numberTexts } from "../work/numbers";
import { PAGE, type Row, type SyncDeps, type SyncSummary } from "./read";

/** Every record's id and phone fields by the seek method ($id > last, 500 at a time); the first page's total
 * count says when to stop, so no empty page is read at the end. */
async function readAllIds(deps: SyncDeps): Promise<Row[]> {
  const { reg, access } = deps;
  const fields = ["$id", ...reg.settings.customer.phoneFields];
  const rows: Row[] = [];
  let total = Infinity;
  let last = "0";
  while (rows.length < total) {
    const page = await access.customers.record
      .getRecords({ app: reg.appId, fields, query: `$id > ${last} order by $id asc limit ${PAGE}`, totalCount: total === Infinity })
      .catch((err: unknown) => {
        throw kintoneFailure(err, { app: reg.appId, step: "reconcile deletes", permission: "view" });
      });
    if (page.totalCount !== null && page.totalCount !== undefined) total = Number(page.totalCount);
    rows.push(...(page.records as Row[]));
    if (page.records.length < PAGE) break;
    last = String(page.records[page.records.length - 1]!.$id?.value ?? last);
  }
  return rows;
}

/**
 * Deletes missed by the webhook: every synced customer whose record no longer exists is removed. The same
 * full read (ids and phone fields only) rebuilds the number index callers are matched against.
 */
export async function reconcile(deps: SyncDeps): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { reg, store } = deps;
  const rows = await readAllIds(deps);
  const alive = new Set(rows.map((r) => String(r.$id?.value ?? "")));
  const phoneFields = reg.settings.customer.phoneFields;
  store.replaceCustomerNumbers(
    reg.appId,
    rows.map((r) => ({ recordId: String(r.$id?.value ?? ""), numbers: numberTexts(r as KintoneRecord, phoneFields) })),
  );
  let queued = 0;
  store.transaction(() => {
    for (const id of store.syncedCustomerIds(reg.appId)) {
      if (alive.has(id)) continue;
      const out = store.enqueue(customerDeleteWork(reg.appId, id, { reconciledAt: started }));
      if (!out.duplicate) queued++;
    }
  });
  const summary: SyncSummary = {
    kind: "reconcile",
    read: rows.length,
    queued,
    kintoneRequests: deps.access.requests.count - before,
    ms: Date.now() - started,
  };
  store.saveSync({ ...store.getSync(reg.appId), lastReconcileAt: Date.now() });
  deps.log.info({ app: reg.appId, ...summary }, "reconcile done");
  return summary;
}
