// Who is calling, read with the agent's own kintone session (so they see only the records they may): the
// customers whose phone fields hold the number in any common notation, plus those the connector's number index
// names, most recently updated first; and the number's last call from the history app.
import { fieldText, type KintoneRecord } from "../../shared/kintone/record";
import { normalizePhone, notationsOf } from "../../shared/phone";
import type { Settings } from "../../shared/settings";
import { getRecords } from "../../kintone-js/records";
import { buildHistoryQuery, queryString } from "../call-history/query";

export interface PopCustomer {
  id: string;
  name: string;
  company: string;
  /** UPDATED_TIME, kintone's UTC form ("" when unknown). */
  updated: string;
}

export type Who =
  { kind: "found"; customers: PopCustomer[] } | { kind: "none" } | { kind: "error"; reason: "forbidden" | "failed"; message: string };

export interface LastCall {
  datetime: string;
  direction: string;
  status: string;
  result: string;
}

const MAX_SHOWN = 20;
let updatedFieldOf: Promise<string> | null = null;

/** The code of the app's UPDATED_TIME field (renamed in many apps), read once per page. */
function updatedField(app: string): Promise<string> {
  updatedFieldOf ??= (
    kintone.api(kintone.api.url("/k/v1/app/form/fields.json", true), "GET", { app }) as Promise<{
      properties: Record<string, { type: string; code: string }>;
    }>
  )
    .then((r) => Object.values(r.properties).find((f) => f.type === "UPDATED_TIME")?.code ?? "")
    .catch(() => "");
  return updatedFieldOf;
}

export async function findCallers(app: string, settings: Settings, e164: string, knownIds: readonly string[]): Promise<Who> {
  const phones = settings.customer.phoneFields;
  const { name, company } = settings.customer.fields;
  const conditions = phones.map((f) => `${f} in (${notationsOf(e164).map(queryString).join(", ")})`);
  if (knownIds.length) conditions.push(`$id in (${knownIds.map(queryString).join(", ")})`);
  if (conditions.length === 0) return { kind: "none" };
  const updated = await updatedField(app);
  const order = updated ? `order by ${updated} desc, $id desc` : "order by $id desc";
  const fields = ["$id", ...phones, name, company, updated].filter((f, i, all) => f && all.indexOf(f) === i);
  const res = await getRecords(app, `(${conditions.join(" or ")}) ${order} limit ${MAX_SHOWN}`, fields);
  if (!res.ok) return { kind: "error", reason: res.error.kind === "forbidden" ? "forbidden" : "failed", message: res.error.message };
  // The text query may catch a different number written alike; keep only exact matches (or the index's).
  const exact = (r: KintoneRecord) => knownIds.includes(fieldText(r.$id)) || phones.some((f) => normalizePhone(fieldText(r[f])) === e164);
  const customers = res.records.filter(exact).map((r) => ({
    id: fieldText(r.$id),
    name: name ? fieldText(r[name]) : "",
    company: company ? fieldText(r[company]) : "",
    updated: updated ? fieldText(r[updated]) : "",
  }));
  return customers.length ? { kind: "found", customers } : { kind: "none" };
}

export async function lastCall(settings: Settings, e164: string): Promise<LastCall | null> {
  const h = settings.history;
  if (!h.enabled || !h.appId) return null;
  const q = buildHistoryQuery(h.fields, [e164], { offset: 0, limit: 1 });
  if (!q.ok) return null;
  const res = await getRecords(h.appId, q.query, q.fields);
  const r = res.ok ? res.records[0] : undefined;
  if (!r) return null;
  const text = (code: string) => (code ? fieldText(r[code]) : "");
  return {
    datetime: text(h.fields.datetime),
    direction: text(h.fields.direction),
    status: text(h.fields.status),
    result: text(h.fields.result),
  };
}
