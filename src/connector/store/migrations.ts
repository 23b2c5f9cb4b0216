// Numbered schema migrations of the connector's tables (prefix conn_). Append only: never edit a shipped step.
import type { Database } from "better-sqlite3";

export const MIGRATIONS: readonly string[] = [
  // 1: registered apps, the work inbox, sync checkpoints, call → history record, synced customers, created callers.
  `
  CREATE TABLE conn_apps (
    app_id TEXT PRIMARY KEY,
    settings_json TEXT NOT NULL,
    secrets_sealed TEXT NOT NULL,
    kintone_base_url TEXT NOT NULL,
    webhook_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE conn_inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    serial_key TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    received_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX conn_inbox_due ON conn_inbox (state, next_attempt_at);
  CREATE INDEX conn_inbox_app ON conn_inbox (app_id, state);
  CREATE TABLE conn_sync (
    app_id TEXT PRIMARY KEY,
    checkpoint TEXT,
    checkpoint_keys TEXT NOT NULL DEFAULT '[]',
    initial_done_at INTEGER,
    last_sync_at INTEGER,
    last_sync_json TEXT,
    last_reconcile_at INTEGER,
    last_error TEXT
  );
  CREATE TABLE conn_calls (
    app_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    history_record_id TEXT NOT NULL,
    PRIMARY KEY (app_id, call_id)
  );
  CREATE TABLE conn_customers (
    app_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    numbers_json TEXT NOT NULL,
    synced_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, record_id)
  );
  CREATE TABLE conn_callers (
    app_id TEXT NOT NULL,
    e164 TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (app_id, e164)
  );
  `,
  // 2: every customer record's normalised numbers, so a caller is matched whatever notation the record uses.
  `
  CREATE TABLE conn_numbers (
    app_id TEXT NOT NULL,
    e164 TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (app_id, e164, record_id)
  );
  CREATE INDEX conn_numbers_record ON conn_numbers (app_id, record_id);
  `,
  // 3: the phone field's text as the record holds it, so history can carry the notation kintone's
  // 関連レコード一覧 (equal text) matches.
  `ALTER TABLE conn_numbers ADD COLUMN display TEXT NOT NULL DEFAULT ''`,
  // 4: customers a reconciliation did not see but did not remove (too many to be a normal day's deletes), and the
  // index that keeps the items of one record or number in order.
  `
  ALTER TABLE conn_sync ADD COLUMN held_deletes_json TEXT;
  CREATE INDEX conn_inbox_serial ON conn_inbox (serial_key, state, id);
  `,
];

/** Applies the steps not yet recorded in conn_migrations, each in its own transaction. */
export function migrate(db: Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS conn_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS v FROM conn_migrations").get() as { v: number | null };
  const current = row.v ?? 0;
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1;
    if (version <= current) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO conn_migrations (version, applied_at) VALUES (?, ?)").run(version, Date.now());
    })();
  });
}
