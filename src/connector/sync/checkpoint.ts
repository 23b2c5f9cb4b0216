// Queries of the first import and the hourly sync. kintone shows update times to the minute, and whether its
// queries compare stored seconds or whole minutes is not known (docs/connector.md): no query here relies on the
// equality of a time, and no page boundary is drawn on one.
import { toKintoneDateTime } from "../work/call-history";

/** The hourly sync reads from a minute before its checkpoint: a record updated within the checkpoint's minute
 * (shown as that minute, stored perhaps to the second) is read again and dropped by its revision's key. */
export const OVERLAP_MS = 60_000;

export const INITIAL_WINDOW_MS = 60 * 24 * 60 * 60_000;
export const INITIAL_CAP = 3_000;

/** Where the hourly sync's fixed window starts; null reads everything. */
export function windowStart(checkpoint: string | null): string | null {
  const t = checkpoint ? Date.parse(checkpoint) : NaN;
  return Number.isNaN(t) ? null : toKintoneDateTime(new Date(t - OVERLAP_MS).toISOString());
}

/** One page of the hourly sync: a fixed window on the update time, paged by record id alone. */
export function incrementalQuery(updatedField: string, start: string | null, afterId: string, pageSize = 500): string {
  const window = start ? `${updatedField} >= "${start}" and ` : "";
  return `${window}$id > ${Number(afterId)} order by $id asc limit ${pageSize}`;
}

/** The first import over the cursor API: in the window, something in a phone field, newest first. */
export function initialQuery(updatedField: string, phoneFields: string[], since: string): string {
  const phones = phoneFields.map((f) => `${f} != ""`).join(" or ");
  return `${updatedField} >= "${since}"${phones ? ` and (${phones})` : ""} order by ${updatedField} desc, $id desc`;
}

/** The newest update time among `updated` (kintone's texts), or `previous` when none is newer. */
export function newestTime(previous: string | null, updated: string[]): string | null {
  let at = previous;
  for (const u of updated) {
    const t = toKintoneDateTime(u);
    if (t && (at === null || t > at)) at = t;
  }
  return at;
}
