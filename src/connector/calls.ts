// Call work, CallConnect → kintone, in batches: link the caller's customer (creating it once for an unknown
// number when 顧客作成 is on), then write ONE history record per call id — adds and updates of up to 100.
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import {
  agentLoginCandidate,
  buildCallerCustomerRecord,
  buildHistoryRecord,
  isChosenEvent,
  parseCallDelivery,
  type CallDelivery,
  type RecordValues,
} from "../core/call-history";
import { numbersOf, type KintoneRecord } from "../callconnect/customer";
import { formatNational, notationsOf } from "../core/phone";
import { kintoneFailure, WorkError, type Reason } from "./errors";
import { quote, type KintoneAccess } from "./kintone";
import type { AppRegistration, ConnectorStore, WorkItem } from "./store/types";

export interface CallDeps {
  store: ConnectorStore;
  reg: AppRegistration;
  access: KintoneAccess;
  /** Logins kintone refused as users: written as text from then on. */
  badAgents: Set<string>;
  /** A step that failed without stopping the calls (顧客作成 refused): for the log. */
  onWarning?(failure: WorkError): void;
}

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Customer record ids per E.164 number, lowest record id first (the one a shared number links to). The local
 * index (filled by syncs, webhooks and reconciliation) answers first, whatever notation a record uses; kintone
 * is asked only for numbers the index does not know, so a customer added since the last sync is still found.
 */
async function findCustomers(deps: CallDeps, numbers: string[]): Promise<Map<string, string[]>> {
  const { access, reg, store } = deps;
  const phoneFields = reg.settings.customer.phoneFields;
  const links = new Map<string, string[]>(numbers.map((n) => [n, store.customersWithNumber(reg.appId, n)]));
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
      const found = numbersOf(r as KintoneRecord, phoneFields);
      store.setCustomerNumbers(reg.appId, id, found);
      for (const n of found) links.get(n)?.push(id);
    }
  }
  for (const [n, ids] of links) links.set(n, [...new Set(ids)].sort((a, b) => Number(a) - Number(b)));
  return links;
}

const TEXT_TYPES = new Set(["SINGLE_LINE_TEXT", "MULTI_LINE_TEXT"]);

/**
 * 顧客作成, once per number: the store remembers what was created, and the search above finds it after a crash.
 * A required text field CallConnect has no value for gets the number, the one thing known about the caller,
 * so kintone accepts the record. If kintone still refuses it, the calls are written unlinked and the reason kept.
 */
async function createCallers(deps: CallDeps, byNumber: Map<string, CallDelivery>, links: Map<string, string[]>): Promise<void> {
  const { store, reg, access } = deps;
  const toCreate: string[] = [];
  for (const [n, ids] of links) {
    if (ids.length > 0) continue;
    const known = store.createdCaller(reg.appId, n);
    if (known) links.set(n, [known]);
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
      store.saveSync({ ...store.getSync(reg.appId), lastError: JSON.stringify(failure.reason) });
      deps.onWarning?.(failure);
      continue;
    }
    store.transaction(() =>
      group.forEach((n, i) => {
        store.rememberCreatedCaller(reg.appId, n, created[i]!.id);
        store.setCustomerNumbers(reg.appId, created[i]!.id, [n]);
      }),
    );
    group.forEach((n, i) => links.set(n, [created[i]!.id]));
  }
}

async function existingHistory(deps: CallDeps, callIds: string[]): Promise<Map<string, string>> {
  const { access, reg, store } = deps;
  const found = new Map<string, string>();
  const field = reg.settings.history.fields.callId;
  if (!field) {
    for (const id of callIds) {
      const rec = store.historyRecordOf(reg.appId, id);
      if (rec) found.set(id, rec);
    }
    return found;
  }
  for (const group of chunk(callIds, 100)) {
    const query = `${field} in (${group.map(quote).join(", ")}) limit 500`;
    const { records } = await access.history.record.getRecords({ app: access.historyApp, fields: ["$id", field], query }).catch((err: unknown) => {
      throw kintoneFailure(err, { app: access.historyApp, step: "look up call history", permission: "view" });
    });
    for (const r of records) found.set(String(r[field]?.value ?? ""), String(r.$id?.value ?? ""));
  }
  return found;
}

/** Indexes of records kintone refused because of the agent field (records[3].担当者.value). */
function agentRejections(err: unknown, agentField: string): number[] | null {
  if (!(err instanceof KintoneRestAPIError) || err.status !== 400 || !err.errors || !agentField) return null;
  const keys = Object.keys(err.errors as object).filter((k) => k.includes(`.${agentField}.`) || k.startsWith(`${agentField}.`));
  if (keys.length === 0) return null;
  return keys.map((k) => Number(/records\[(\d+)\]/.exec(k)?.[1] ?? -1));
}

export async function processCalls(deps: CallDeps, items: WorkItem[]): Promise<void> {
  const { store, reg, access } = deps;
  const settings = reg.settings;
  const invalid: { id: number; reason: Reason }[] = [];
  const chosen: { item: WorkItem; d: CallDelivery }[] = [];
  const skipped: number[] = [];
  for (const item of items) {
    const parsed = parseCallDelivery(new URLSearchParams(item.body));
    if (!parsed.ok) invalid.push({ id: item.id, reason: { key: "error.bad_payload", params: { details: parsed.reason } } });
    else if (isChosenEvent(parsed.delivery, settings.history.events)) chosen.push({ item, d: parsed.delivery });
    else skipped.push(item.id);
  }
  const byNumber = new Map<string, CallDelivery>();
  for (const { d } of chosen) if (d.e164 && !byNumber.has(d.e164)) byNumber.set(d.e164, d);
  const links = byNumber.size ? await findCustomers(deps, [...byNumber.keys()]) : new Map<string, string[]>();
  if (settings.customer.createUnknownCallers && links.size) await createCallers(deps, byNumber, links);

  const historyIds = new Map<string, string>();
  if (settings.history.enabled && access.historyApp && chosen.length) {
    const fields = settings.history.fields;
    const form = await access.form(access.historyApp);
    const agentType = form.types[fields.agent] ?? "";
    const existing = await existingHistory(deps, [...new Set(chosen.map((c) => c.d.callId))]);
    const build = () => {
      const merged = new Map<string, { record: RecordValues; agent: string | null }>();
      for (const { d } of chosen) {
        const candidate = agentLoginCandidate(d);
        const agentCode = candidate && !deps.badAgents.has(candidate) ? candidate : null;
        const customerRecordId = d.e164 ? (links.get(d.e164)?.[0] ?? null) : null;
        const rec = buildHistoryRecord(d, fields, { agentFieldType: agentType, agentCode, customerRecordId });
        const prev = merged.get(d.callId);
        merged.set(d.callId, { record: { ...(prev?.record ?? {}), ...rec }, agent: agentCode ?? prev?.agent ?? null });
      }
      return merged;
    };
    for (let attempt = 0; ; attempt++) {
      const merged = build();
      const adds = [...merged].filter(([id]) => !existing.has(id));
      const updates = [...merged].filter(([id]) => existing.has(id));
      try {
        for (const group of chunk(adds, 100)) {
          const { records } = await access.history.record.addRecords({ app: access.historyApp, records: group.map(([, v]) => v.record) }).catch((err: unknown) => {
            const rejected = agentRejections(err, fields.agent);
            if (rejected) throw { rejected, group };
            throw kintoneFailure(err, { app: access.historyApp, step: "write call history", permission: "add" });
          });
          // Remembered at once: a later failure in this batch must not write these calls again.
          group.forEach(([callId], i) => {
            existing.set(callId, records[i]!.id);
            store.rememberHistoryRecord(reg.appId, callId, records[i]!.id);
          });
        }
        for (const group of chunk(updates, 100)) {
          await access.history.record
            .updateRecords({ app: access.historyApp, records: group.map(([callId, v]) => ({ id: existing.get(callId)!, record: v.record })) })
            .catch((err: unknown) => {
              const rejected = agentRejections(err, fields.agent);
              if (rejected) throw { rejected, group };
              throw kintoneFailure(err, { app: access.historyApp, step: "update call history", permission: "edit" });
            });
        }
        break;
      } catch (e) {
        if (e instanceof WorkError || attempt >= 2) throw e;
        const { rejected, group } = e as { rejected: number[]; group: [string, { agent: string | null }][] };
        const targets = rejected.some((i) => i < 0) ? group : rejected.map((i) => group[i]).filter((g) => g !== undefined);
        for (const [, v] of targets) if (v.agent) deps.badAgents.add(v.agent);
      }
    }
    for (const [callId, recId] of existing) historyIds.set(callId, recId);
  }
  store.transaction(() => {
    for (const [callId, recId] of historyIds) store.rememberHistoryRecord(reg.appId, callId, recId);
    store.complete([...skipped, ...chosen.map((c) => c.item.id)]);
    for (const { id, reason } of invalid) store.fail(id, JSON.stringify(reason));
  });
}
