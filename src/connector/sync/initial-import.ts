// The first import: customers updated in the last 60 days, at most 3,000, only those with a phone number. It
// reads through a cursor (one consistent ordering, no page boundary on a time) and stops at the cap.
import { toKintoneDateTime } from "../work/call-history";
import { kintoneFailure } from "../errors";
import { numbersOf, type KintoneRecord } from "../../shared/kintone/record";
import { initialQuery, INITIAL_CAP, INITIAL_WINDOW_MS, newestTime } from "./checkpoint";
import { PAGE, queue, type Row, type SyncDeps, type SyncSummary } from "./read";

export async function initialImport(deps: SyncDeps, redo: boolean): Promise<SyncSummary> {
  const started = Date.now();
  const { access, reg, store } = deps;
  const before = access.requests.count;
  const { updatedTime } = await access.form(reg.appId);
  const clock = deps.now?.() ?? new Date();
  const since = toKintoneDateTime(new Date(clock.getTime() - INITIAL_WINDOW_MS).toISOString());
  const cap = deps.initialCap ?? INITIAL_CAP;
  const phoneFields = reg.settings.customer.phoneFields;
  const tag = redo ? `:initial-${started}` : "";
  const failure = (err: unknown) => kintoneFailure(err, { app: reg.appId, step: "read customers", permission: "view" });
  const cursor = await access.customers.record
    .createCursor({ app: reg.appId, query: initialQuery(updatedTime, phoneFields, since), size: PAGE })
    .catch((err: unknown) => {
      throw failure(err);
    });
  let taken = 0;
  let read = 0;
  let queued = 0;
  let checkpoint: string | null = null;
  let more = true;
  try {
    while (more && taken < cap) {
      const page = await access.customers.record.getRecordsByCursor({ id: cursor.id }).catch((err: unknown) => {
        throw failure(err);
      });
      more = page.next;
      const rows = page.records as Row[];
      read += rows.length;
      // The query only says a phone field is not empty; a number must actually be in it.
      const now = rows.filter((r) => numbersOf(r as KintoneRecord, phoneFields).length > 0).slice(0, cap - taken);
      taken += now.length;
      checkpoint = newestTime(
        checkpoint,
        rows.map((r) => String(r[updatedTime]?.value ?? "")),
      );
      await store.transaction(async (tx) => {
        for (const r of now) if (await queue(deps, tx, r, tag)) queued++;
      });
      deps.log.info({ read, queued }, "initial import: progress");
      deps.onProgress?.({ kind: "initial", read, queued, trigger: deps.trigger });
    }
  } finally {
    // A cursor read to its end is gone already; one left open would hold one of kintone's ten for ten minutes.
    if (more) await access.customers.record.deleteCursor({ id: cursor.id }).catch(() => undefined);
  }
  const summary: SyncSummary = {
    kind: "initial",
    trigger: deps.trigger,
    read,
    queued,
    kintoneRequests: access.requests.count - before,
    ms: Date.now() - started,
  };
  await store.saveSync({
    ...(await store.getSync(reg.key)),
    checkpoint: checkpoint ?? toKintoneDateTime(clock.toISOString()),
    checkpointKeys: [],
    initialDoneAt: Date.now(),
    lastSyncAt: Date.now(),
    lastSync: { ...summary },
    lastError: null,
  });
  deps.log.info(summary, "initial import done");
  return summary;
}
