// Who is calling: the customer records of a number (index first, kintone for the rest) and 顧客作成.
import { buildCallerCustomerRecord, type CallDelivery } from "./call-history";
import type { KintoneRecord } from "../../shared/kintone/record";
import { numberTexts } from "./numbers";
import type { NumberEntry } from "../store/types";
import { formatNational, notationsOf } from "../../shared/phone";
import { kintoneFailure } from "../errors";
import { quote } from "../clients/kintone-rest";
import { chunk, type CallDeps } from "./call-deps";

/** The customers holding one number: record id and the text of the phone field, lowest record id first. */
export type Links = Map<string, NumberEntry[]>;

/**
 * Customer records per E.164 number, lowest record id first (the one a shared number links to). The local
 * index (filled by syncs, webhooks and reconciliation) answers first, whatever notation a record uses; kintone
 * is asked only for numbers the index does not know, so a customer added since the last sync is still found.
 */
export async function findCustomers(deps: CallDeps, numbers: string[]): Promise<Links> {
  const { access, reg, store } = deps;
  const phoneFields = reg.settings.customer.phoneFields;
  const links: Links = new Map(await Promise.all(numbers.map(async (n) => [n, await store.customersWithNumber(reg.key, n)] as const)));
  const unknown = numbers.filter((n) => links.get(n)!.length === 0);
  if (phoneFields.length === 0) return links;
  for (const group of chunk(unknown, 10)) {
    const values = group.flatMap(notationsOf).map(quote).join(", ");
    const query = `(${phoneFields.map((f) => `${f} in (${values})`).join(" or ")}) order by $id asc limit 500`;
    const { records } = await access.customers.record
      .getRecords({ app: reg.appId, fields: ["$id", ...phoneFields], query })
      .catch((err: unknown) => {
        throw kintoneFailure(err, { app: reg.appId, step: "find the caller's customer", permission: "view" });
      });
    for (const r of records) {
      const id = String(r.$id?.value ?? "");
      const found = numberTexts(r as KintoneRecord, phoneFields);
      await store.setCustomerNumbers(reg.key, id, found);
      for (const n of found) links.get(n.e164)?.push({ recordId: id, text: n.text });
    }
  }
  for (const [n, entries] of links) {
    const unique = [...new Map(entries.map((e) => [e.recordId, e])).values()];
    links.set(
      n,
      unique.sort((a, b) => Number(a.recordId) - Number(b.recordId)),
    );
  }
  return links;
}

const TEXT_TYPES = new Set(["SINGLE_LINE_TEXT", "MULTI_LINE_TEXT"]);

/**
 * 顧客作成, once per number: the store remembers what was created, and the search above finds it after a crash.
 * A required text field CallConnect has no value for gets the number, the one thing known about the caller,
 * so kintone accepts the record. If kintone still refuses it, the calls are written unlinked and the reason kept.
 */
export async function createCallers(deps: CallDeps, byNumber: Map<string, CallDelivery>, links: Links): Promise<void> {
  const { store, reg, access } = deps;
  const toCreate: string[] = [];
  for (const [n, ids] of links) {
    if (ids.length > 0) continue;
    const known = await store.createdCaller(reg.key, n);
    if (known) links.set(n, [{ recordId: known, text: formatNational(n) }]);
    else toCreate.push(n);
  }
  if (toCreate.length === 0) return;
  const form = await access.form(reg.appId);
  const fill = [...form.required].filter((code) => TEXT_TYPES.has(form.types[code] ?? ""));
  for (const group of chunk(toCreate, 100)) {
    const records = group.map((n) => {
      const rec = buildCallerCustomerRecord(byNumber.get(n)!, reg.settings.customer);
      for (const code of fill) if (!rec[code]) rec[code] = { value: formatNational(n) };
      return rec;
    });
    let created: { id: string }[];
    try {
      ({ records: created } = await access.customers.record.addRecords({ app: reg.appId, records }));
    } catch (err) {
      const failure = kintoneFailure(err, { app: reg.appId, step: "create a customer for an unknown caller", permission: "add" });
      if (!failure.permanent) throw failure;
      await store.saveSync({ ...(await store.getSync(reg.key)), lastError: JSON.stringify(failure.reason) });
      deps.onWarning?.(failure);
      continue;
    }
    const phoneField = reg.settings.customer.phoneFields[0] ?? "";
    const entries = group.map((n, i) => ({ recordId: created[i]!.id, text: String(records[i]![phoneField]?.value ?? formatNational(n)) }));
    await store.transaction(async (tx) => {
      for (const [i, n] of group.entries()) {
        await tx.rememberCreatedCaller(reg.key, n, entries[i]!.recordId);
        await tx.setCustomerNumbers(reg.key, entries[i]!.recordId, [{ e164: n, text: entries[i]!.text }]);
      }
    });
    group.forEach((n, i) => links.set(n, [entries[i]!]));
  }
}
