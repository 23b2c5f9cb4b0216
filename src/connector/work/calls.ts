// Call work, CallConnect → kintone, in batches: link the caller's customer (creating it once for an unknown
// number when 顧客作成 is on), then write ONE history record per call id — adds and updates of up to 100.
import { isChosenEvent, parseCallDelivery, type CallDelivery } from "./call-history";
import type { Reason } from "../errors";
import { createCallers, findCustomers, type Links } from "./callers";
import { writeHistory } from "./history";
import type { CallDeps } from "./call-deps";
import type { WorkItem } from "../store/types";

export type { CallDeps } from "./call-deps";

export async function processCalls(deps: CallDeps, items: WorkItem[]): Promise<void> {
  const { store, reg, access } = deps;
  const settings = reg.settings;
  const invalid: { id: number; reason: Reason }[] = [];
  const chosen: { item: WorkItem; d: CallDelivery }[] = [];
  const skipped: number[] = [];
  const rings: CallDelivery[] = [];
  for (const item of items) {
    const parsed = parseCallDelivery(new URLSearchParams(item.body));
    if (!parsed.ok) invalid.push({ id: item.id, reason: { key: "error.bad_payload", params: { details: parsed.reason } } });
    else if (isChosenEvent(parsed.delivery, settings.history.events)) chosen.push({ item, d: parsed.delivery });
    else {
      skipped.push(item.id);
      if (parsed.delivery.event === "call_ringing") rings.push(parsed.delivery);
    }
  }
  const byNumber = new Map<string, CallDelivery>();
  for (const d of [...chosen.map((c) => c.d), ...rings]) if (d.e164 && !byNumber.has(d.e164)) byNumber.set(d.e164, d);
  const links: Links = byNumber.size ? await findCustomers(deps, [...byNumber.keys()]) : (new Map() as Links);
  if (settings.customer.createUnknownCallers && links.size) await createCallers(deps, byNumber, links);
  // The screen pop waits for the customer of a ringing unknown caller: tell it who that is now.
  for (const d of rings)
    if (d.e164)
      deps.onLinked?.(
        reg.key,
        d.e164,
        (links.get(d.e164) ?? []).map((l) => l.recordId),
      );

  let historyIds = new Map<string, string>();
  if (settings.history.enabled && access.historyApp && chosen.length) {
    historyIds = await writeHistory(
      deps,
      chosen.map((c) => c.d),
      links,
    );
  }
  await store.transaction(async (tx) => {
    for (const [callId, recId] of historyIds) await tx.rememberHistoryRecord(reg.key, callId, recId);
    await tx.complete([...skipped, ...chosen.map((c) => c.item.id)]);
    for (const { id, reason } of invalid) await tx.fail(id, JSON.stringify(reason));
  });
}
