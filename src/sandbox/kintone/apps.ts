// App registry: form properties (with the system fields kintone adds), layout, managers, record numbering.
import type { Database } from "better-sqlite3";
import type { KintoneFormFieldProperty, KintoneFormLayout } from "@kintone/rest-api-client";
import type { AppDefinition } from "./types.js";

type Properties = Record<string, KintoneFormFieldProperty.OneOf>;

export interface AppRow {
  id: number;
  name: string;
  properties: Properties;
  layout: KintoneFormLayout.OneOf[];
  managers: string[];
  revision: number;
  createdAt: string;
  creator: string;
}

// A Japanese app's system fields, as a fresh kintone app has them.
const systemFields = (): Properties => {
  const plain = (type: string, code: string) => ({ type, code, label: code, noLabel: false });
  const off = (type: string, code: string) => ({ type, code, label: code, enabled: false });
  return {
    レコード番号: plain("RECORD_NUMBER", "レコード番号"),
    作成者: plain("CREATOR", "作成者"),
    作成日時: plain("CREATED_TIME", "作成日時"),
    更新者: plain("MODIFIER", "更新者"),
    更新日時: plain("UPDATED_TIME", "更新日時"),
    ステータス: off("STATUS", "ステータス"),
    作業者: off("STATUS_ASSIGNEE", "作業者"),
    カテゴリー: off("CATEGORY", "カテゴリー"),
  } as unknown as Properties;
};

interface DbRow {
  id: number;
  name: string;
  properties: string;
  layout: string;
  managers: string;
  revision: number;
  created_at: string;
  creator: string;
}

export function createApps(db: Database) {
  const cache = new Map<number, AppRow>();
  const nextIdStmt = db.prepare<[number, number], { n: number }>(
    "UPDATE k_apps SET last_record_id = last_record_id + ? WHERE id = ? RETURNING last_record_id AS n",
  );
  const get = (id: number): AppRow | null => {
    const hit = cache.get(id);
    if (hit) return hit;
    const row = db.prepare<[number], DbRow>("SELECT * FROM k_apps WHERE id = ?").get(id);
    if (!row) return null;
    const app: AppRow = {
      id: row.id,
      name: row.name,
      properties: JSON.parse(row.properties) as Properties,
      layout: JSON.parse(row.layout) as KintoneFormLayout.OneOf[],
      managers: JSON.parse(row.managers) as string[],
      revision: row.revision,
      createdAt: row.created_at,
      creator: row.creator,
    };
    cache.set(id, app);
    return app;
  };

  return {
    get,
    create(def: AppDefinition, creator = "Administrator"): number {
      const next = db.prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM k_apps").get()?.id ?? 0;
      const id = def.id ?? next + 1;
      const properties = { ...systemFields(), ...def.properties };
      db.prepare(
        "INSERT INTO k_apps (id, name, properties, layout, managers, created_at, creator) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(id, def.name, JSON.stringify(properties), JSON.stringify(def.layout ?? []), JSON.stringify(def.managers ?? []),
        new Date().toISOString().replace(/\.\d{3}Z$/, ".000Z"), creator);
      return id;
    },
    list(): AppRow[] {
      return db.prepare<[], { id: number }>("SELECT id FROM k_apps ORDER BY id").all().flatMap((r) => get(r.id) ?? []);
    },
    /** Reserves `count` record numbers and returns the first; kintone never reuses a deleted record's number. */
    reserveRecordIds(appId: number, count: number): number {
      return (nextIdStmt.get(count, appId)?.n ?? 0) - count + 1;
    },
  };
}
export type Apps = ReturnType<typeof createApps>;
