// The work queue's keys, in one place. Two rules rest on them:
// - dedupe keys: a webhook and the sync that see the same record revision (or a replayed call webhook) store one
//   item, so nothing is sent twice;
// - serial keys: items for one kintone record, or for one phone number, never run at the same time, whoever
//   queued them, so a later revision is never overtaken by an earlier one.
//   Both carry the app's store key: two tenants' app 1 never share a key.
import type { NewWork } from "../store/types";
import type { AppKey } from "../tenants";

const recordSerial = (app: AppKey, recordId: string) => `rec:${app}:${recordId}`;

/** One record revision to upsert in CallConnect; `redo` marks a first import that is asked for again. */
export function customerUpsertWork(app: AppKey, recordId: string, revision: string, record: unknown, redo = ""): NewWork {
  return {
    app,
    kind: "customer_upsert",
    dedupeKey: `cust:${app}:${recordId}:${revision}${redo}`,
    serialKey: recordSerial(app, recordId),
    body: JSON.stringify({ recordId, record }),
  };
}

/** A record gone from kintone: `cause` tells a webhook delivery (its id) from a reconciliation run. */
export function customerDeleteWork(app: AppKey, recordId: string, cause: { delivery: string } | { reconciledAt: number }): NewWork {
  const dedupeKey = "delivery" in cause ? `kdel:${app}:${recordId}:${cause.delivery}` : `del:${app}:${recordId}:${cause.reconciledAt}`;
  return { app, kind: "customer_delete", dedupeKey, serialKey: recordSerial(app, recordId), body: JSON.stringify({ recordId }) };
}

/** One event of one call; the calls of one number run in order (one customer created per unknown caller). */
export function callWork(app: AppKey, callId: string, event: string, e164: string | null, body: string): NewWork {
  return { app, kind: "call", dedupeKey: `call:${app}:${callId}:${event}`, serialKey: `num:${app}:${e164 ?? callId}`, body };
}
