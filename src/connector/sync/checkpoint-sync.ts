// The hourly sync: every revision changed since the checkpoint, once.
import { advance, incrementalQuery, isFresh, type Checkpoint, type PageEnd } from "./checkpoint";
import { PAGE, page, queue, seen, type SyncDeps, type SyncSummary } from "./read";

export async function incrementalSync(deps: SyncDeps): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { updatedTime } = await deps.access.form(deps.reg.appId);
  const state = deps.store.getSync(deps.reg.appId);
  const start: Checkpoint = { at: state.checkpoint, keys: state.checkpointKeys };
  let cp = start;
  let read = 0;
  let queued = 0;
  let after: PageEnd | null = null;
  for (;;) {
    const rows = await page(deps, incrementalQuery(updatedTime, start, after));
    read += rows.length;
    const fresh = rows.filter((r) => isFresh(seen(r, updatedTime), start));
    deps.store.transaction(() => fresh.forEach((r) => queue(deps, r, "") && queued++));
    cp = advance(
      cp,
      fresh.map((r) => seen(r, updatedTime)),
    );
    deps.onProgress?.({ kind: "incremental", read, queued });
    if (rows.length < PAGE) break;
    const last = seen(rows[rows.length - 1]!, updatedTime);
    after = { updated: last.updated, id: last.id };
    deps.log.info({ app: deps.reg.appId, read, queued }, "sync: progress");
  }
  const summary: SyncSummary = {
    kind: "incremental",
    read,
    queued,
    kintoneRequests: deps.access.requests.count - before,
    ms: Date.now() - started,
  };
  deps.store.saveSync({
    ...state,
    checkpoint: cp.at,
    checkpointKeys: cp.keys,
    lastSyncAt: Date.now(),
    lastSync: { ...summary },
    lastError: null,
  });
  deps.log.info({ app: deps.reg.appId, ...summary }, "sync done");
  return summary;
}
