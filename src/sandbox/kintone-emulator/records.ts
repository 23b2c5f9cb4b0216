// The record store: kintone-shaped records per app, cached in memory over sqlite rows, written all-or-nothing.
import type { Database } from "better-sqlite3";
import type { AppRow, Apps } from "./apps.js";
import { KintoneEmulatorError, type Problem, validationError } from "./errors.js";
import { type AppData, build, findTarget, type Guard, type Op, unchecked, type UpdateItem } from "./record-build.js";
import type { InputContext } from "./record-input.js";
import type { Timekeeper } from "./time.js";
import type { RecordInput, SandboxUser, StoredRecord } from "./types.js";
import { UniqueIndex } from "./unique-index.js";
import type { Users } from "./users.js";

export type { Guard, UpdateItem } from "./record-build.js";
export interface Written {
  id: string;
  revision: string;
  operation: "INSERT" | "UPDATE";
  record: StoredRecord;
  title: string;
}
export interface WriteOptions {
  /** Error key prefix per record: `record`, `records[3]`. */
  prefix?: (i: number) => string;
  /** PUT with upsert: a missing record is added instead (kintone's upsert mode). */
  upsert?: boolean;
  guard?: Guard;
}

const numId = (r: StoredRecord) => Number(r["$id"]?.value);
const addOp = (record: RecordInput): Op => ({ kind: "add", record });

export function createRecords(db: Database, apps: Apps, users: Users, time: Timekeeper) {
  const cache = new Map<number, AppData>();
  const lookup = (code: string) => {
    const u = users.byCode(code);
    return u ? { code: u.code, name: u.name } : null;
  };
  const insertStmt = db.prepare("INSERT INTO k_records (app, id, revision, data) VALUES (?, ?, ?, ?)");
  const updateStmt = db.prepare("UPDATE k_records SET revision = ?, data = ? WHERE app = ? AND id = ?");
  const deleteStmt = db.prepare("DELETE FROM k_records WHERE app = ? AND id = ?");
  const selectStmt = db.prepare<[number], { id: number; data: string }>("SELECT id, data FROM k_records WHERE app = ? ORDER BY id");

  function load(app: AppRow): AppData {
    const hit = cache.get(app.id);
    if (hit) return hit;
    const records = new Map<number, StoredRecord>();
    let lastRowId = 0;
    for (const row of selectStmt.all(app.id)) {
      const rec = JSON.parse(row.data) as StoredRecord;
      records.set(row.id, rec);
      for (const field of Object.values(rec))
        if (field.type === "SUBTABLE") for (const r of field.value) lastRowId = Math.max(lastRowId, Number(r.id));
    }
    const data: AppData = { records, unique: new UniqueIndex(app.properties, records.values()), lastRowId };
    cache.set(app.id, data);
    return data;
  }

  const title = (app: AppRow, rec: StoredRecord): string => {
    const code = Object.values(app.properties).find((p) => p.type === "SINGLE_LINE_TEXT")?.code;
    return code ? String(rec[code]?.value ?? "") : "";
  };

  /** Runs writes in one sqlite transaction; on failure the in-memory cache is dropped and reloaded later. */
  function transaction<T>(fn: () => T): T {
    try {
      return db.transaction(fn)();
    } catch (err) {
      cache.clear();
      throw err;
    }
  }

  /** Validates every record first (all problems at once), then writes them all; nothing is written on any error. */
  function write(app: AppRow, ops: Op[], user: SandboxUser, options: WriteOptions): Written[] {
    return transaction(() => {
      const data = load(app);
      const at = time.now();
      const problems: Record<string, Problem[]> = {};
      const input: InputContext = { lookup, problems, nextRowId: () => String(++data.lastRowId), now: { at, timezone: user.timezone } };
      const adds = ops.filter((op) => op.kind === "add").length;
      let next = adds > 0 ? apps.reserveRecordIds(app.id, adds) : 0;
      const ctx = { app, data, user, input, stamp: time.stamp(at), nextId: () => next++, prefix: options.prefix ?? (() => "record") };
      const built = ops.map((op, i) => build(op, i, { ...ctx, guard: options.guard }));
      if (Object.keys(problems).length) throw validationError(problems);
      return built.map(({ rec, operation }) => {
        const id = numId(rec);
        const revision = String(rec["$revision"]?.value);
        if (operation === "INSERT") insertStmt.run(app.id, id, 1, JSON.stringify(rec));
        else updateStmt.run(Number(revision), JSON.stringify(rec), app.id, id);
        data.records.set(id, rec);
        return { id: String(id), revision, record: rec, title: title(app, rec), operation };
      });
    });
  }

  return {
    transaction,
    all: (app: AppRow): StoredRecord[] => [...load(app).records.values()],
    get(appId: number, id: number): StoredRecord | null {
      const app = apps.get(appId);
      return app ? (load(app).records.get(id) ?? null) : null;
    },
    count(appId: number): number {
      const app = apps.get(appId);
      return app ? load(app).records.size : 0;
    },
    title,
    add: (app: AppRow, inputs: RecordInput[], user: SandboxUser, options: WriteOptions = {}): Written[] =>
      write(app, inputs.map(addOp), user, options),
    /** PUT: by id or updateKey; with `upsert`, a missing record is added instead. */
    update(app: AppRow, items: UpdateItem[], user: SandboxUser, options: WriteOptions = {}): Written[] {
      return transaction(() => {
        const data = load(app);
        const ops = items.map((item): Op => {
          if (!options.upsert) return { kind: "update", item };
          try {
            findTarget(data, item, options.guard);
            return { kind: "update", item };
          } catch (err) {
            if (!(err instanceof KintoneEmulatorError) || err.code !== "GAIA_RE01") throw err;
            const key = item.updateKey ? { [String(item.updateKey.field)]: { value: item.updateKey.value } } : {};
            return { kind: "add", record: { ...(item.record ?? {}), ...key } };
          }
        });
        return write(app, ops, user, options);
      });
    },
    remove(app: AppRow, ids: number[], revisions: unknown[] = [], guard?: Guard): StoredRecord[] {
      return transaction(() => {
        const data = load(app);
        const targets = ids.map((id, i) => {
          const rec = data.records.get(id);
          if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(id));
          guard?.(rec);
          const expected = revisions[i];
          if (!unchecked(expected) && String(Number(expected)) !== rec["$revision"]?.value) throw new KintoneEmulatorError("GAIA_CO02");
          return rec;
        });
        for (const rec of targets) {
          deleteStmt.run(app.id, numId(rec));
          data.records.delete(numId(rec));
          data.unique.release(rec);
        }
        return targets;
      });
    },
  };
}
export type Records = ReturnType<typeof createRecords>;
