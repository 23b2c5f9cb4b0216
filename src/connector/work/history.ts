// ONE history record per call id: find the existing ones, merge the deliveries of each call in order, then
// add new calls and update known ones in requests of up to 100.
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import { agentLoginCandidate, buildHistoryRecord, combineMemo, fitToFields, type CallDelivery, type RecordValues } from "./call-history";
import { kintoneFailure, refusedIndexes, type WorkError } from "../errors";
import { quote } from "../clients/kintone-rest";
import { chunk, type CallDeps } from "./call-deps";
import type { Links } from "./callers";

/** kintone refused the agent user of some records: retried without them. */
class AgentRejected extends Error {
  constructor(
    readonly indexes: number[],
    readonly group: [string, { agent: string | null }][],
    readonly failure: unknown,
  ) {
    super("agent rejected");
  }
}

/** kintone refused the values of some calls (CB_VA01 naming records[i]): those stop, the others are written. */
export class RefusedCalls extends Error {
  constructor(
    readonly callIds: Set<string>,
    readonly failure: WorkError,
  ) {
    super("calls refused");
  }
}

/** Call id → history record id of the calls kintone has; `memos` gets what their memo field holds (when mapped). */
async function existingHistory(deps: CallDeps, callIds: string[], memos: Map<string, string>): Promise<Map<string, string>> {
  const { access, reg, store } = deps;
  const found = new Map<string, string>();
  const field = reg.settings.history.fields.callId;
  if (!field) {
    for (const id of callIds) {
      const rec = await store.historyRecordOf(reg.key, id);
      if (rec) found.set(id, rec);
    }
    return found;
  }
  const memo = reg.settings.history.fields.memo;
  for (const group of chunk(callIds, 100)) {
    const query = `${field} in (${group.map(quote).join(", ")}) limit 500`;
    const { records } = await access.history.record
      .getRecords({ app: access.historyApp, fields: ["$id", field, ...(memo ? [memo] : [])], query })
      .catch((err: unknown) => {
        throw kintoneFailure(err, { app: access.historyApp, step: "look up call history", permission: "view" });
      });
    for (const r of records) {
      found.set(String(r[field]?.value ?? ""), String(r.$id?.value ?? ""));
      if (memo) memos.set(String(r[field]?.value ?? ""), String(r[memo]?.value ?? ""));
    }
  }
  return found;
}

/** Indexes of records kintone refused because of the agent field (records[3].担当者.value). */
function agentRejections(err: unknown, agentField: string, group: [string, { agent: string | null }][]): number[] | null {
  if (!(err instanceof KintoneRestAPIError) || !agentField) return null;
  // kintone names a user it does not know in the message alone: GAIA_IL26 「指定したユーザー（code：x）が見つかりません。」
  if (err.code === "GAIA_IL26") {
    const code = /code[：:]\s*([^)）]+)[)）]/i.exec(err.message)?.[1]?.trim();
    const named = group.flatMap(([, v], i) => (code !== undefined && v.agent === code ? [i] : []));
    return named.length ? named : [-1];
  }
  if (err.status !== 400 || !err.errors) return null;
  const keys = Object.keys(err.errors as object).filter((k) => k.includes(`.${agentField}.`) || k.startsWith(`${agentField}.`));
  if (keys.length === 0) return null;
  return keys.map((k) => Number(/records\[(\d+)\]/.exec(k)?.[1] ?? -1));
}

type Merged = Map<string, { record: RecordValues; agent: string | null }>;

function merge(
  deps: CallDeps,
  deliveries: CallDelivery[],
  links: Links,
  agentType: string,
  maxLength: Record<string, number>,
  memos: Map<string, string>,
): Merged {
  const merged: Merged = new Map();
  const memoField = deps.reg.settings.history.fields.memo;
  for (const d of deliveries) {
    const candidate = agentLoginCandidate(d, deps.reg.settings.agents);
    const agentCode = candidate && !deps.badAgents.has(candidate) ? candidate : null;
    const customer = d.e164 ? links.get(d.e164)?.[0] : undefined;
    const rec = buildHistoryRecord(d, deps.reg.settings.history.fields, {
      agentFieldType: agentType,
      agentCode,
      customerRecordId: customer?.recordId ?? null,
      phoneText: customer?.text || undefined,
    });
    const prev = merged.get(d.callId);
    const memo = memoField ? rec[memoField] : undefined;
    if (memo) {
      const before = prev?.record[memoField]?.value ?? memos.get(d.callId) ?? "";
      memo.value = combineMemo(typeof before === "string" ? before : "", String(memo.value), d.event === "wrapup");
    }
    merged.set(d.callId, { record: fitToFields({ ...(prev?.record ?? {}), ...rec }, maxLength), agent: agentCode ?? prev?.agent ?? null });
  }
  return merged;
}

/** Writes the deliveries (in arrival order); returns call id → history record id for every call written. */
export async function writeHistory(deps: CallDeps, deliveries: CallDelivery[], links: Links): Promise<Map<string, string>> {
  const { access, reg, store } = deps;
  const fields = reg.settings.history.fields;
  const form = await access.form(access.historyApp);
  const agentType = form.types[fields.agent] ?? "";
  const memos = new Map<string, string>();
  const existing = await existingHistory(deps, [...new Set(deliveries.map((d) => d.callId))], memos);
  const rejected = (err: unknown, group: [string, { agent: string | null }][], step: string, permission: "add" | "edit") => {
    const indexes = agentRejections(err, fields.agent, group);
    if (indexes) return new AgentRejected(indexes, group, err);
    const failure = kintoneFailure(err, { app: access.historyApp, step, permission });
    const refused = refusedIndexes(err)
      .map((i) => group[i]?.[0])
      .filter((id): id is string => id !== undefined);
    return refused.length ? new RefusedCalls(new Set(refused), failure) : failure;
  };
  for (let attempt = 0; ; attempt++) {
    const merged = merge(deps, deliveries, links, agentType, form.maxLength, memos);
    const adds = [...merged].filter(([id]) => !existing.has(id));
    const updates = [...merged].filter(([id]) => existing.has(id));
    try {
      for (const group of chunk(adds, 100)) {
        const { records } = await access.history.record
          .addRecords({ app: access.historyApp, records: group.map(([, v]) => v.record) })
          .catch((err: unknown) => {
            throw rejected(err, group, "write call history", "add");
          });
        // Remembered at once: a later failure in this batch must not write these calls again.
        for (const [i, [callId]] of group.entries()) {
          existing.set(callId, records[i]!.id);
          await store.rememberHistoryRecord(reg.key, callId, records[i]!.id);
        }
      }
      for (const group of chunk(updates, 100)) {
        await access.history.record
          .updateRecords({ app: access.historyApp, records: group.map(([callId, v]) => ({ id: existing.get(callId)!, record: v.record })) })
          .catch((err: unknown) => {
            throw rejected(err, group, "update call history", "edit");
          });
      }
      return existing;
    } catch (e) {
      if (!(e instanceof AgentRejected)) throw e;
      if (attempt >= 2) throw kintoneFailure(e.failure, { app: access.historyApp, step: "write call history", permission: "add" });
      const targets = e.indexes.some((i) => i < 0) ? e.group : e.indexes.map((i) => e.group[i]).filter((g) => g !== undefined);
      for (const [, v] of targets) if (v.agent) deps.badAgents.add(v.agent);
    }
  }
}
