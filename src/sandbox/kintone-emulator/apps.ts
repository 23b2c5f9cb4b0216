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

// System fields as a fresh kintone app has them; their codes depend on the language the app was made in.
const SYSTEM_FIELDS: [type: string, ja: string, en: string, enLabel: string][] = [
  ["RECORD_NUMBER", "レコード番号", "Record_number", "Record number"],
  ["CREATOR", "作成者", "Created_by", "Created by"],
  ["CREATED_TIME", "作成日時", "Created_datetime", "Created datetime"],
  ["MODIFIER", "更新者", "Updated_by", "Updated by"],
  ["UPDATED_TIME", "更新日時", "Updated_datetime", "Updated datetime"],
  ["STATUS", "ステータス", "Status", "Status"],
  ["STATUS_ASSIGNEE", "作業者", "Assignee", "Assignee"],
  ["CATEGORY", "カテゴリー", "Categories", "Categories"],
];
const PROCESS_FIELDS = new Set(["STATUS", "STATUS_ASSIGNEE", "CATEGORY"]);

export function systemFields(language: "ja" | "en"): Properties {
  const out: Record<string, unknown> = {};
  for (const [type, ja, en, enLabel] of SYSTEM_FIELDS) {
    const code = language === "en" ? en : ja;
    const label = language === "en" ? enLabel : ja;
    out[code] = PROCESS_FIELDS.has(type) ? { type, code, label, enabled: false } : { type, code, label, noLabel: false };
  }
  return out as Properties;
}

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
      // Apps made through preview/app.json and not yet deployed hold their ids too.
      const next =
        db
          .prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM (SELECT id FROM k_apps UNION ALL SELECT id FROM k_app_preview)")
          .get()?.id ?? 0;
      const id = def.id ?? next + 1;
      const properties = { ...systemFields(def.systemFieldLanguage ?? "ja"), ...def.properties };
      db.prepare("INSERT INTO k_apps (id, name, properties, layout, managers, created_at, creator) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
        id,
        def.name,
        JSON.stringify(properties),
        JSON.stringify(def.layout ?? []),
        JSON.stringify(def.managers ?? []),
        new Date().toISOString().replace(/\.\d{3}Z$/, ".000Z"),
        creator,
      );
      return id;
    },
    /** A deploy: the live form becomes what the preview held. */
    replace(id: number, live: Pick<AppRow, "name" | "properties" | "layout" | "revision">): void {
      db.prepare("UPDATE k_apps SET name = ?, properties = ?, layout = ?, revision = ? WHERE id = ?").run(
        live.name,
        JSON.stringify(live.properties),
        JSON.stringify(live.layout),
        live.revision,
        id,
      );
      cache.delete(id);
    },
    list(): AppRow[] {
      return db
        .prepare<[], { id: number }>("SELECT id FROM k_apps ORDER BY id")
        .all()
        .flatMap((r) => get(r.id) ?? []);
    },
    /** Reserves `count` record numbers and returns the first; kintone never reuses a deleted record's number. */
    reserveRecordIds(appId: number, count: number): number {
      return (nextIdStmt.get(count, appId)?.n ?? 0) - count + 1;
    },
  };
}
export type Apps = ReturnType<typeof createApps>;
