// The first import: customers updated in the last 60 days, at most 3,000, only those with a phone number.
import { toKintoneDateTime } from "../work/call-history";
import { numbersOf, type KintoneRecord } from "../../shared/kintone/record";
import { advance, initialQuery, INITIAL_CAP, INITIAL_WINDOW_MS, type PageEnd } from "./checkpoint";
import { PAGE, page, queue, seen, type Row, type SyncDeps, type SyncSummary } from "./read";

export async function initialImport(deps: SyncDeps, redo: boolean): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { updatedTime } = await deps.access.form(deps.reg.appId);
  const clock = deps.now?.() ?? new Date();
  const since = toKintoneDateTime(new Date(clock.getTime() - INITIAL_WINDOW_MS).toISOString());
  const cap = deps.initialCap ?? INITIAL_CAP;
  const phoneFields = deps.reg.settings.customer.phoneFields;
  const tag = redo ? `:initial-${started}` : "";
  const taken: Row[] = [];
  let read = 0;
  let queued = 0;
  let after: PageEnd | null = null;
  while (taken.length < cap) {
    const rows = await page(deps, initialQuery(updatedTime, phoneFields, since, after));
    read += rows.length;
    const now: Row[] = [];
    for (const r of rows) {
      if (taken.length + now.length >= cap) break;
      // The query only says the field is not empty; a number must actually be in it.
      if (numbersOf(r as KintoneRecord, phoneFields).length > 0) now.push(r);
    }
    taken.push(...now);
    deps.store.transaction(() => now.forEach((r) => queue(deps, r, tag) && queued++));
    deps.log.info({ app: deps.reg.appId, read, queued }, "initial import: progress");
    deps.onProgress?.({ kind: "initial", read, queued });
    if (rows.length < PAGE) break;
    const last = seen(rows[rows.length - 1]!, updatedTime);
    after = { updated: last.updated, id: last.id };
  }
  const cp = advance(
    { at: null, keys: [] },
    taken.map((r) => seen(r, updatedTime)),
  );
  const state = deps.store.getSync(deps.reg.appId);
  const summary: SyncSummary = {
    kind: "initial",
    read,
    queued,
    kintoneRequests: deps.access.requests.count - before,
    ms: Date.now() - started,
  };
  deps.store.saveSync({
    ...state,
    checkpoint: cp.at ?? toKintoneDateTime(clock.toISOString()),
    checkpointKeys: cp.keys,
    initialDoneAt: Date.now(),
    lastSyncAt: Date.now(),
    lastSync: { ...summary },
    lastError: null,
  });
  deps.log.info({ app: deps.reg.appId, ...summary }, "initial import done");
  return summary;
}
