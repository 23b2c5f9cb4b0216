// The work queue's keys, in one place. Two rules rest on them:
// - dedupe keys: a webhook and the sync that see the same record revision (or a replayed call webhook) store one
//   item, so nothing is sent twice;
// - serial keys: items for one kintone record, or for one phone number, never run at the same time, whoever
//   queued them, so a later revision is never overtaken by an earlier one.
import type { NewWork } from "../store/types";

const recordSerial = (appId: string, recordId: string) => `rec:${appId}:${recordId}`;

/** One record revision to upsert in CallConnect; `redo` marks a first import that is asked for again. */
export function customerUpsertWork(appId: string, recordId: string, revision: string, record: unknown, redo = ""): NewWork {
  return {
    appId,
    kind: "customer_upsert",
    dedupeKey: `cust:${appId}:${recordId}:${revision}${redo}`,
    serialKey: recordSerial(appId, recordId),
    body: JSON.stringify({ recordId, record }),
  };
}

/** A record gone from kintone: `cause` tells a webhook delivery (its id) from a reconciliation run. */
export function customerDeleteWork(appId: string, recordId: string, cause: { delivery: string } | { reconciledAt: number }): NewWork {
  const dedupeKey = "delivery" in cause ? `kdel:${appId}:${recordId}:${cause.delivery}` : `del:${appId}:${recordId}:${cause.reconciledAt}`;
  return { appId, kind: "customer_delete", dedupeKey, serialKey: recordSerial(appId, recordId), body: JSON.stringify({ recordId }) };
}

/** One event of one call; the calls of one number run in order (one customer created per unknown caller). */
export function callWork(appId: string, callId: string, event: string, e164: string | null, body: string): NewWork {
  return { appId, kind: "call", dedupeKey: `call:${appId}:${callId}:${event}`, serialKey: `num:${appId}:${e164 ?? callId}`, body };
}
