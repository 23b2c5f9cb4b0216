// Customer work, kintone → CallConnect: upsert by the record's stable external key, or remove the customer
// when the record is deleted or no longer has a phone number.
import { buildCustomer, externalKey, type CallConnectClient } from "../../shared/callconnect/client";
import { refusedField } from "../../shared/callconnect/customer";
import { type KintoneRecord } from "../../shared/kintone/record";
import { recordUrl } from "../../shared/kintone/record";
import { callconnectFor } from "../clients/callconnect";
import { numberTexts } from "./numbers";
import { callconnectFailure, WorkError } from "../errors";
import type { AppRegistration, ConnectorStore, WorkItem } from "../store/types";

export interface CustomerWorkBody {
  recordId: string;
  /** Absent for deletes. */
  record?: KintoneRecord;
}

const recordUrlOf = (reg: AppRegistration, recordId: string) =>
  recordUrl({ origin: reg.kintoneBaseUrl.replace(/\/+$/, ""), pathname: "/" }, reg.appId, recordId);

async function remove(client: CallConnectClient, store: ConnectorStore, reg: AppRegistration, recordId: string): Promise<void> {
  const r = await client.deleteCustomer(externalKey(reg.appId, recordId));
  if (!r.ok) throw callconnectFailure(r.error, "delete customer in CallConnect");
  await store.forgetSyncedCustomer(reg.key, recordId);
}

export async function processCustomerWork(
  store: ConnectorStore,
  reg: AppRegistration,
  item: WorkItem,
  counter?: { count: number },
  timeoutMs?: number,
): Promise<void> {
  const body = JSON.parse(item.body) as CustomerWorkBody;
  const client = callconnectFor(reg, counter, timeoutMs);
  if (item.kind === "customer_delete" || !body.record) {
    await store.setCustomerNumbers(reg.key, body.recordId, []);
    // Only customers this connector (or the browser push) could have created: deleting an unknown key is a 404, i.e. done.
    return remove(client, store, reg, body.recordId);
  }
  const customer = buildCustomer(body.record, reg.settings, reg.appId, recordUrlOf(reg, body.recordId));
  await store.setCustomerNumbers(reg.key, body.recordId, numberTexts(body.record, reg.settings.customer.phoneFields));
  if (customer.numbers.length === 0) {
    // CallConnect keeps only records with a phone number: a number removed unlinks the customer.
    if ((await store.syncedCustomer(reg.key, body.recordId)) !== null) await remove(client, store, reg, body.recordId);
    return;
  }
  const r = await client.upsertCustomer(externalKey(reg.appId, body.recordId), customer);
  if (!r.ok && r.error.kind === "bad_request") {
    // The record's values were refused: say which record and field, and that fixing the record sends it again.
    const field = refusedField(r.error.message, reg.settings) ?? "";
    throw new WorkError(true, {
      key: field ? "error.customer_refused" : "error.customer_refused_unknown",
      params: {
        app: reg.appId,
        record: body.recordId,
        url: recordUrlOf(reg, body.recordId),
        field,
        details: r.error.message.slice(0, 200),
      },
    });
  }
  if (!r.ok) throw callconnectFailure(r.error, "upsert customer in CallConnect");
  await store.rememberSyncedCustomer(reg.key, body.recordId, customer.numbers);
}
