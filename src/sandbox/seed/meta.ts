// The sandbox's own facts, kept in its db: generated secrets (created once) and where it last ran.
import { randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";

export interface SandboxSecrets {
  /** The simulator's API token (the plugin holds it in the proxy config). */
  callconnectToken: string;
  /** The connector's admin secret: typed into the config screen, so the banner shows it. */
  connectorSecret: string;
  connectorEncryptionKey: string;
}

export interface Meta {
  get(key: string): string | null;
  set(key: string, value: string): void;
  secrets(): SandboxSecrets;
}

export function createMeta(db: Database): Meta {
  db.exec("CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const get = (key: string) =>
    (db.prepare("SELECT value FROM sandbox_meta WHERE key = ?").get(key) as { value: string } | undefined)?.value ?? null;
  const set = (key: string, value: string) =>
    void db.prepare("INSERT OR REPLACE INTO sandbox_meta (key, value) VALUES (?, ?)").run(key, value);
  const once = (key: string) => {
    const found = get(key);
    if (found) return found;
    const made = randomBytes(24).toString("base64url");
    set(key, made);
    return made;
  };
  return {
    get,
    set,
    secrets: () => ({
      callconnectToken: once("secret.callconnectToken"),
      connectorSecret: once("secret.connectorSecret"),
      connectorEncryptionKey: once("secret.connectorEncryptionKey"),
    }),
  };
}
