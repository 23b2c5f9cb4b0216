// The hourly sync: every revision changed since the checkpoint, once. A fixed window on the update time, paged
// by record id: it ends whatever number of records share one minute, and a revision read twice (the overlap, or
// the kintone webhook) is queued once by its key.
import { incrementalQuery, newestTime, windowStart } from "./checkpoint";
import { PAGE, page, queue, type SyncDeps, type SyncSummary } from "./read";

export async function incrementalSync(deps: SyncDeps): Promise<SyncSummary> {
  const started = Date.now();
  const before = deps.access.requests.count;
  const { updatedTime } = await deps.access.form(deps.reg.appId);
  const state = await deps.store.getSync(deps.reg.key);
  const start = windowStart(state.checkpoint);
  let checkpoint = state.checkpoint;
  let read = 0;
  let queued = 0;
  let afterId = "0";
  for (;;) {
    const rows = await page(deps, incrementalQuery(updatedTime, start, afterId));
    read += rows.length;
    await deps.store.transaction(async (tx) => {
      for (const r of rows) if (await queue(deps, tx, r, "")) queued++;
    });
    checkpoint = newestTime(
      checkpoint,
      rows.map((r) => String(r[updatedTime]?.value ?? "")),
    );
    deps.onProgress?.({ kind: "incremental", read, queued, trigger: deps.trigger });
    if (rows.length < PAGE) break;
    afterId = String(rows[rows.length - 1]!.$id?.value ?? afterId);
    deps.log.info({ read, queued }, "sync: progress");
  }
  const summary: SyncSummary = {
    kind: "incremental",
    trigger: deps.trigger,
    read,
    queued,
    kintoneRequests: deps.access.requests.count - before,
    ms: Date.now() - started,
  };
  await deps.store.saveSync({
    ...state,
    checkpoint,
    checkpointKeys: [],
    lastSyncAt: Date.now(),
    lastSync: { ...summary },
    lastError: null,
  });
  deps.log.info(summary, "sync done");
  return summary;
}
