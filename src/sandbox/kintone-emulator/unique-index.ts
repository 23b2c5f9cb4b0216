// Values of the app's 重複禁止 (unique) fields → the record holding them: duplicate checks and updateKey lookups.
import type { KintoneFormFieldProperty } from "@kintone/rest-api-client";
import { type Problem, problem } from "./errors.js";
import { isEmpty } from "./fields.js";
import type { StoredRecord } from "./types.js";

const DUPLICATE: Problem = problem("field.duplicate");
const keyOf = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const idOf = (r: StoredRecord) => Number(r["$id"]?.value);

export class UniqueIndex {
  private readonly byField = new Map<string, Map<string, number>>();

  constructor(properties: Record<string, KintoneFormFieldProperty.OneOf>, records: Iterable<StoredRecord>) {
    for (const [code, prop] of Object.entries(properties)) if ((prop as { unique?: boolean }).unique) this.byField.set(code, new Map());
    for (const rec of records) this.claim(rec, null);
  }

  isUnique(field: string): boolean {
    return this.byField.has(field);
  }

  find(field: string, value: unknown): number | undefined {
    return this.byField.get(field)?.get(keyOf(value));
  }

  /** Claims `rec`'s values (releasing `before`'s); a value another record holds becomes a problem under `prefix`. */
  claim(rec: StoredRecord, before: StoredRecord | null, prefix = "record", problems: Record<string, Problem[]> = {}): void {
    for (const [code, index] of this.byField) {
      const v = rec[code]?.value ?? null;
      if (isEmpty(v)) continue;
      const owner = index.get(keyOf(v));
      if (owner !== undefined && owner !== idOf(rec)) problems[`${prefix}.${code}.value`] = [DUPLICATE];
      else index.set(keyOf(v), idOf(rec));
    }
    if (before) this.release(before, rec);
  }

  /** Frees `rec`'s values, except those `keep` (its new version) still holds. */
  release(rec: StoredRecord, keep: StoredRecord | null = null): void {
    for (const [code, index] of this.byField) {
      const old = rec[code]?.value ?? null;
      if (isEmpty(old) || (keep && keyOf(keep[code]?.value) === keyOf(old))) continue;
      if (index.get(keyOf(old)) === idOf(rec)) index.delete(keyOf(old));
    }
  }
}
