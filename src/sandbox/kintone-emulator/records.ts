// The record store: kintone-shaped records per app, cached in memory over sqlite rows, written all-or-nothing.
import type { Database } from "better-sqlite3";
import type { AppRow, Apps } from "./apps.js";
import { KintoneEmulatorError, type Problem, validationError } from "./errors.js";
import { toKintoneDateTime } from "./fields.js";
import { applyInput, type InputContext } from "./record-input.js";
import type { RecordInput, SandboxUser, StoredRecord } from "./types.js";
import { UniqueIndex } from "./unique-index.js";
import type { Users } from "./users.js";

export interface Written {
  id: string;
  revision: string;
  operation: "INSERT" | "UPDATE";
  record: StoredRecord;
  title: string;
}
export interface UpdateItem {
  id?: string | number;
  updateKey?: { field?: unknown; value?: unknown };
  revision?: string | number;
  record?: RecordInput;
}

interface AppData {
  records: Map<number, StoredRecord>; // ascending id order: ids only grow
  unique: UniqueIndex;
  lastRowId: number; // subtable row ids are unique per app
}

const entity = (u: SandboxUser) => ({ code: u.code, name: u.name });
const numId = (r: StoredRecord) => Number(r["$id"]?.value);

export function createRecords(db: Database, apps: Apps, users: Users) {
  const cache = new Map<number, AppData>();
  const lookup = (code: string) => {
    const u = users.byCode(code);
    return u ? entity(u) : null;
  };
  const insertStmt = db.prepare("INSERT INTO k_records (app, id, revision, data) VALUES (?, ?, ?, ?)");
  const updateStmt = db.prepare("UPDATE k_records SET revision = ?, data = ? WHERE app = ? AND id = ?");
  const deleteStmt = db.prepare("DELETE FROM k_records WHERE app = ? AND id = ?");

  function load(app: AppRow): AppData {
    const hit = cache.get(app.id);
    if (hit) return hit;
    const records = new Map<number, StoredRecord>();
    let lastRowId = 0;
    const rows = db.prepare<[number], { id: number; data: string }>("SELECT id, data FROM k_records WHERE app = ? ORDER BY id").all(app.id);
    for (const row of rows) {
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

  function findTarget(data: AppData, item: UpdateItem): StoredRecord {
    if (item.updateKey) {
      const field = String(item.updateKey.field ?? "");
      if (!data.unique.isUnique(field))
        throw validationError({
          "updateKey.field": [
            { ja: "重複禁止が設定されたフィールドを指定してください。", en: "Specify a field that prohibits duplicate values." },
          ],
        });
      const id = data.unique.find(field, String(item.updateKey.value ?? ""));
      const rec = id === undefined ? undefined : data.records.get(id);
      if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(item.updateKey.value ?? ""));
      return rec;
    }
    const rec = data.records.get(Number(item.id));
    if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(item.id ?? ""));
    return rec;
  }

  type Op = { kind: "add"; record: RecordInput } | { kind: "update"; item: UpdateItem };

  /** Validates every record first (all problems at once), then writes them all; nothing is written on any error. */
  function write(app: AppRow, ops: Op[], user: SandboxUser, prefix: (i: number) => string): Written[] {
    return transaction(() => {
      const data = load(app);
      const problems: Record<string, Problem[]> = {};
      const input: InputContext = {
        lookup,
        problems,
        nextRowId: () => String(++data.lastRowId),
        now: { at: new Date(), timezone: user.timezone },
      };
      const now = toKintoneDateTime(new Date());
      const adds = ops.filter((op) => op.kind === "add").length;
      let nextId = adds > 0 ? apps.reserveRecordIds(app.id, adds) : 0;
      const built = ops.map((op, i) => {
        if (op.kind === "add") {
          const id = nextId++;
          const rec: StoredRecord = {};
          for (const [code, prop] of Object.entries(app.properties)) {
            if (prop.type === "RECORD_NUMBER") rec[code] = { type: "RECORD_NUMBER", value: String(id) };
            if (prop.type === "CREATOR" || prop.type === "MODIFIER") rec[code] = { type: prop.type, value: entity(user) };
            if (prop.type === "CREATED_TIME" || prop.type === "UPDATED_TIME") rec[code] = { type: prop.type, value: now };
          }
          rec["$id"] = { type: "__ID__", value: String(id) };
          rec["$revision"] = { type: "__REVISION__", value: "1" };
          applyInput(app.properties, op.record ?? {}, rec, prefix(i), true, input);
          data.unique.claim(rec, null, prefix(i), problems);
          return { rec, operation: "INSERT" as const };
        }
        const { item } = op;
        const before = findTarget(data, item);
        const expected = item.revision === undefined || item.revision === null ? -1 : Number(item.revision);
        if (expected !== -1 && String(expected) !== before["$revision"]?.value) throw new KintoneEmulatorError("GAIA_CO02");
        const rec: StoredRecord = structuredClone(before);
        applyInput(app.properties, item.record ?? {}, rec, prefix(i), false, input);
        for (const [code, prop] of Object.entries(app.properties)) {
          if (prop.type === "MODIFIER") rec[code] = { type: "MODIFIER", value: entity(user) };
          if (prop.type === "UPDATED_TIME") rec[code] = { type: "UPDATED_TIME", value: now };
        }
        rec["$revision"] = { type: "__REVISION__", value: String(Number(before["$revision"]?.value) + 1) };
        data.unique.claim(rec, before, prefix(i), problems);
        return { rec, operation: "UPDATE" as const };
      });
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
    add(app: AppRow, inputs: RecordInput[], user: SandboxUser, prefix = (_i: number) => "record"): Written[] {
      return write(
        app,
        inputs.map((record) => ({ kind: "add" as const, record })),
        user,
        prefix,
      );
    },
    /** PUT: by id or updateKey; with `upsert`, a missing record is added instead (kintone's upsert mode). */
    update(app: AppRow, items: UpdateItem[], user: SandboxUser, prefix = (_i: number) => "record", upsert = false): Written[] {
      return transaction(() => {
        const data = load(app);
        const ops = items.map((item) => {
          if (!upsert) return { kind: "update" as const, item };
          try {
            findTarget(data, item);
            return { kind: "update" as const, item };
          } catch (err) {
            if (!(err instanceof KintoneEmulatorError) || err.code !== "GAIA_RE01") throw err;
            const key = item.updateKey ? { [String(item.updateKey.field)]: { value: item.updateKey.value } } : {};
            return { kind: "add" as const, record: { ...(item.record ?? {}), ...key } };
          }
        });
        return write(app, ops, user, prefix);
      });
    },
    remove(app: AppRow, ids: number[], revisions: (number | undefined)[] = []): StoredRecord[] {
      return transaction(() => {
        const data = load(app);
        const targets = ids.map((id, i) => {
          const rec = data.records.get(id);
          if (!rec) throw new KintoneEmulatorError("GAIA_RE01", String(id));
          const expected = revisions[i];
          if (expected !== undefined && expected !== -1 && String(expected) !== rec["$revision"]?.value)
            throw new KintoneEmulatorError("GAIA_CO02");
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
