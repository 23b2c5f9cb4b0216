// The hourly sync's checkpoint: records updated at or after it are read again, and those already sent at
// the checkpoint's second (same id and revision) are skipped — kintone's times have one-second resolution.
import { toKintoneDateTime } from "../work/call-history";

export interface Checkpoint {
  at: string | null;
  /** "id:revision" of the records sent whose update time equals `at`. */
  keys: string[];
}

export interface SeenRecord {
  id: string;
  revision: string;
  updated: string;
}

const keyOf = (r: SeenRecord) => `${r.id}:${r.revision}`;

export function isFresh(record: SeenRecord, cp: Checkpoint): boolean {
  return !(cp.at !== null && toKintoneDateTime(record.updated) === cp.at && cp.keys.includes(keyOf(record)));
}

/** The checkpoint after sending `records`: their newest second, remembering every record sent at it. */
export function advance(cp: Checkpoint, records: SeenRecord[]): Checkpoint {
  let at = cp.at;
  for (const r of records) {
    const t = toKintoneDateTime(r.updated);
    if (t && (at === null || t > at)) at = t;
  }
  const carried = at === cp.at ? cp.keys : [];
  const fresh = records.filter((r) => toKintoneDateTime(r.updated) === at).map(keyOf);
  return { at, keys: [...new Set([...carried, ...fresh])] };
}

/** Where the previous page ended (its last record), for keyset paging. */
export interface PageEnd {
  updated: string;
  id: string;
}

/**
 * Records updated at or after the checkpoint, oldest first. Later pages continue after the previous page's last
 * (time, id) rather than by offset: a record updated while the sync runs moves to the end and cannot push an
 * unread record back into a page already read.
 */
export function incrementalQuery(updatedField: string, cp: Checkpoint, after: PageEnd | null, pageSize = 500): string {
  const order = `order by ${updatedField} asc, $id asc limit ${pageSize}`;
  if (after) {
    const t = toKintoneDateTime(after.updated);
    return `(${updatedField} > "${t}" or (${updatedField} = "${t}" and $id > ${Number(after.id)})) ${order}`;
  }
  return cp.at ? `${updatedField} >= "${cp.at}" ${order}` : order;
}

/** First import: updated within the window, with something in a phone field, newest first; keyset paging too. */
export function initialQuery(updatedField: string, phoneFields: string[], since: string, after: PageEnd | null, pageSize = 500): string {
  const phones = phoneFields.map((f) => `${f} != ""`).join(" or ");
  let where = `${updatedField} >= "${since}"${phones ? ` and (${phones})` : ""}`;
  if (after) {
    const t = toKintoneDateTime(after.updated);
    where += ` and (${updatedField} < "${t}" or (${updatedField} = "${t}" and $id < ${Number(after.id)}))`;
  }
  return `${where} order by ${updatedField} desc, $id desc limit ${pageSize}`;
}

export const INITIAL_WINDOW_MS = 60 * 24 * 60 * 60_000;
export const INITIAL_CAP = 3_000;
