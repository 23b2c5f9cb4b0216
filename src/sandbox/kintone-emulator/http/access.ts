// What the acting principal may see of an app's records: the query context, and the record access rules applied.
import type { AppRow } from "../apps.js";
import { KintoneEmulatorError } from "../errors.js";
import { compileCondition, fieldsOf, type QueryContext } from "../query/index.js";
import type { Guard } from "../records.js";
import type { RecordAccessRule, StoredRecord } from "../types.js";
import type { Principal } from "./auth.js";
import type { Call } from "./call.js";

export function queryContext(call: Call, app: AppRow): QueryContext {
  return {
    fields: fieldsOf(app.properties as Parameters<typeof fieldsOf>[0]),
    loginUser: call.principal.user.code,
    timezone: call.principal.user.timezone,
    now: call.deps.time.now().getTime(),
    timePrecision: call.deps.time.precision,
  };
}

/** A user is named by login code; a request with several API tokens is let in by any of them. */
function mayView(principal: Principal, viewers: RecordAccessRule["viewers"]): boolean {
  if (principal.kind === "user") return viewers.users?.includes(principal.user.code) ?? false;
  return principal.tokens.some((t) => viewers.tokens?.includes(t));
}

/** null when the app has no rules (everyone sees every record); otherwise a test per record. */
export function visibility(call: Call, app: AppRow): ((rec: StoredRecord) => boolean) | null {
  const rules = call.deps.access.rulesOf(app.id);
  if (rules.length === 0) return null;
  const ctx = queryContext(call, app);
  const compiled = rules.map((r) => ({ matches: compileCondition(r.condition, ctx), allowed: mayView(call.principal, r.viewers) }));
  return (rec) => compiled.find((r) => r.matches(rec))?.allowed ?? true;
}

/** Reads and writes of a record the principal may not view are refused with CB_NO02 (see docs: not recorded). */
export function guard(call: Call, app: AppRow): Guard | undefined {
  const visible = visibility(call, app);
  if (!visible) return undefined;
  return (rec) => {
    if (!visible(rec)) throw new KintoneEmulatorError("CB_NO02");
  };
}
