// Applies a REST record input onto a stored record: per-field normalisation, required checks, subtable rows.
import type { KintoneFormFieldProperty, KintoneRecordField } from "@kintone/rest-api-client";
import type { Problem } from "./errors.js";
import { emptyValue, isEmpty, type Lookup, normalize, type Normalized, NOT_IN_RECORD, type Now, READ_ONLY, REQUIRED } from "./fields.js";
import type { RecordInput, StoredRecord } from "./types.js";

type Property = KintoneFormFieldProperty.OneOf;
type Value = KintoneRecordField.OneOf["value"];
type Row = { id: string; value: Record<string, { type: string; value: unknown }> };

const SYSTEM = new Set(["RECORD_NUMBER", "CREATOR", "CREATED_TIME", "MODIFIER", "UPDATED_TIME"]);
const isRequired = (p: Property) => (p as { required?: boolean }).required === true;

export interface InputContext {
  lookup: Lookup;
  nextRowId: () => string;
  now: Now;
  /** Collected problems keyed as kintone keys them, e.g. `records[3].会社名.value`. */
  problems: Record<string, Problem[]>;
}

function fail(ctx: InputContext, key: string, list: Problem[]): void {
  ctx.problems[key] = [...(ctx.problems[key] ?? []), ...list];
}

/** kintone's error keys differ by field type: `.value`, `.values`, `.values.value`, `.values[i].value`, `record[code].value`. */
function report(ctx: InputContext, prop: Property, base: string, bracket: string, failed: Extract<Normalized, { ok: false }>): void {
  for (const { at, problem } of failed.problems) {
    const key = at === "value" ? `${base}.value` : at === "number" ? `${bracket}.value` : `${base}.values[${at.option}].value`;
    fail(ctx, key, [problem]);
  }
  // kintone also counts an unreadable number or an unknown choice as missing.
  if (isRequired(prop) && failed.problems.some((x) => x.at !== "value")) fail(ctx, requiredKey(prop, base), [REQUIRED]);
}

function requiredKey(prop: Property, base: string): string {
  if (["CHECK_BOX", "MULTI_SELECT", "FILE"].includes(prop.type)) return `${base}.values`;
  if (["USER_SELECT", "ORGANIZATION_SELECT", "GROUP_SELECT"].includes(prop.type)) return `${base}.values.value`;
  return `${base}.value`;
}

/** On add every field gets a value (input or initial value); on update only the fields given change. */
export function applyInput(
  properties: Record<string, Property>,
  input: RecordInput,
  target: StoredRecord,
  prefix: string,
  isAdd: boolean,
  ctx: InputContext,
): void {
  for (const [code, prop] of Object.entries(properties)) {
    if (NOT_IN_RECORD.has(prop.type) || READ_ONLY.has(prop.type)) continue;
    const given = Object.prototype.hasOwnProperty.call(input, code) ? input[code] : undefined;
    if (SYSTEM.has(prop.type) && !(isAdd && given)) continue; // system values are the emulator's unless migrated in on add
    if (!given && !isAdd) {
      // kintone validates the record as it will be: a required field left empty before must be filled now.
      if (isRequired(prop) && prop.type !== "SUBTABLE" && isEmpty(target[code]?.value ?? null))
        fail(ctx, requiredKey(prop, `${prefix}.${code}`), [REQUIRED]);
      continue;
    }
    const base = `${prefix}.${code}`;
    let value: Value;
    if (prop.type === "SUBTABLE") {
      value = subtable(prop, given?.value, target[code]?.value as Row[] | undefined, `${base}.value`, ctx) as unknown as Value;
    } else {
      // An omitted field on add gets its initial value, which kintone validates like a given one (e.g. minLength).
      const n = normalize(prop, given ? given.value : emptyValue(prop, ctx.now), ctx.lookup);
      if (!n.ok) {
        report(ctx, prop, base, `${prefix}[${code}]`, n);
        continue;
      }
      value = n.value;
    }
    if (isRequired(prop) && isEmpty(value)) fail(ctx, requiredKey(prop, base), [REQUIRED]);
    target[code] = { type: prop.type, value } as KintoneRecordField.OneOf;
  }
}

/**
 * The given rows replace the table. A row naming an existing row id keeps that id and the cells it leaves out
 * (observed on kintone); other rows get new ids.
 */
function subtable(prop: Property, raw: unknown, previous: Row[] | undefined, key: string, ctx: InputContext): Row[] {
  const inner = (prop as { fields?: Record<string, Property> }).fields ?? {};
  const byId = new Map((previous ?? []).map((r) => [r.id, r]));
  return (Array.isArray(raw) ? raw : []).map((row: { id?: unknown; value?: RecordInput } | null, i) => {
    const old = row?.id !== undefined ? byId.get(String(row.id)) : undefined;
    const value: Row["value"] = {};
    for (const [code, p] of Object.entries(inner)) {
      const given = row?.value?.[code];
      const oldCell = old?.value[code];
      if (!given && oldCell) {
        value[code] = oldCell;
        continue;
      }
      const base = `${key}[${i}].value.${code}`;
      let n = normalize(p, given ? given.value : emptyValue(p, ctx.now), ctx.lookup);
      // Inside a table kintone stores an unreadable number as empty instead of refusing it.
      if (!n.ok && n.problems.every((x) => x.at === "number")) n = { ok: true, value: "" };
      if (!n.ok) report(ctx, p, base, base, n);
      else if (isRequired(p) && isEmpty(n.value)) fail(ctx, requiredKey(p, base), [REQUIRED]);
      value[code] = { type: p.type, value: n.ok ? n.value : null };
    }
    return { id: old ? old.id : ctx.nextRowId(), value };
  });
}
