// Builds the records one write produces: new records with their system values, updated copies, unique claims.
import type { AppRow } from "./apps.js";
import { KintoneEmulatorError, type Problem, problem, validationError } from "./errors.js";
import { applyInput, type InputContext } from "./record-input.js";
import type { RecordInput, SandboxUser, StoredRecord } from "./types.js";
import type { UniqueIndex } from "./unique-index.js";

export interface UpdateItem {
  id?: string | number;
  updateKey?: { field?: unknown; value?: unknown };
  revision?: string | number | null;
  record?: RecordInput;
}
export type Op = { kind: "add"; record: RecordInput } | { kind: "update"; item: UpdateItem };
/** Throws when the acting principal may not touch this record (record-level permissions). */
export type Guard = (rec: StoredRecord) => void;

export interface AppData {
  records: Map<number, StoredRecord>; // ascending id order: ids only grow
  unique: UniqueIndex;
  lastRowId: number; // subtable row ids are unique per app
}

const entity = (u: SandboxUser) => ({ code: u.code, name: u.name });

/** kintone skips the revision check for a missing revision, null and -1. */
export const unchecked = (r: unknown): boolean => r === undefined || r === null || r === "" || Number(r) === -1;

export function findTarget(data: AppData, item: UpdateItem, guard?: Guard): StoredRecord {
  let rec: StoredRecord | undefined;
  if (item.updateKey) {
    const field = String(item.updateKey.field ?? "");
    if (!data.unique.isUnique(field)) throw validationError({ "updateKey.field": [problem("updateKey.notUnique")] });
    const id = data.unique.find(field, String(item.updateKey.value ?? ""));
    rec = id === undefined ? undefined : data.records.get(id);
    if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(item.updateKey.value ?? ""));
  } else {
    rec = data.records.get(Number(item.id));
    if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(item.id ?? ""));
  }
  guard?.(rec);
  return rec;
}

export interface BuildContext {
  app: AppRow;
  data: AppData;
  user: SandboxUser;
  input: InputContext;
  stamp: string;
  nextId: () => number;
  prefix: (i: number) => string;
  guard?: Guard;
}

export function build(op: Op, i: number, ctx: BuildContext): { rec: StoredRecord; operation: "INSERT" | "UPDATE" } {
  const { app, data, user, input, stamp } = ctx;
  const problems: Record<string, Problem[]> = input.problems;
  if (op.kind === "add") {
    const id = ctx.nextId();
    const rec: StoredRecord = {};
    for (const [code, prop] of Object.entries(app.properties)) {
      if (prop.type === "RECORD_NUMBER") rec[code] = { type: "RECORD_NUMBER", value: String(id) };
      if (prop.type === "CREATOR" || prop.type === "MODIFIER") rec[code] = { type: prop.type, value: entity(user) };
      if (prop.type === "CREATED_TIME" || prop.type === "UPDATED_TIME") rec[code] = { type: prop.type, value: stamp };
    }
    rec["$id"] = { type: "__ID__", value: String(id) };
    rec["$revision"] = { type: "__REVISION__", value: "1" };
    applyInput(app.properties, op.record ?? {}, rec, ctx.prefix(i), true, input);
    data.unique.claim(rec, null, ctx.prefix(i), problems);
    return { rec, operation: "INSERT" };
  }
  const { item } = op;
  const before = findTarget(data, item, ctx.guard);
  if (!unchecked(item.revision) && String(Number(item.revision)) !== before["$revision"]?.value)
    throw new KintoneEmulatorError("GAIA_CO02");
  const rec: StoredRecord = structuredClone(before);
  applyInput(app.properties, item.record ?? {}, rec, ctx.prefix(i), false, input);
  for (const [code, prop] of Object.entries(app.properties)) {
    if (prop.type === "MODIFIER") rec[code] = { type: "MODIFIER", value: entity(user) };
    if (prop.type === "UPDATED_TIME") rec[code] = { type: "UPDATED_TIME", value: stamp };
  }
  rec["$revision"] = { type: "__REVISION__", value: String(Number(before["$revision"]?.value) + 1) };
  data.unique.claim(rec, before, ctx.prefix(i), problems);
  return { rec, operation: "UPDATE" };
}
