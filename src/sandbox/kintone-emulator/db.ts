// The emulator's tables in the sandbox's sqlite file; records are stored as kintone-shaped JSON per row.
import type { Database } from "better-sqlite3";

export function createTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS k_users (
      id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT UNIQUE NOT NULL, data TEXT NOT NULL, password TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS k_sessions (id TEXT PRIMARY KEY, user_code TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS k_apps (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, properties TEXT NOT NULL, layout TEXT NOT NULL,
      managers TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,
      creator TEXT NOT NULL, last_record_id INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS k_records (
      app INTEGER NOT NULL, id INTEGER NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
      PRIMARY KEY (app, id));
    CREATE TABLE IF NOT EXISTS k_tokens (token TEXT PRIMARY KEY, app INTEGER NOT NULL, permissions TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS k_app_preview (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS k_app_space (id INTEGER PRIMARY KEY, space TEXT NOT NULL, thread TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS k_webhooks (
      id INTEGER PRIMARY KEY AUTOINCREMENT, app INTEGER NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL);
  `);
}
