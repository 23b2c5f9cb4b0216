// API tokens: each belongs to one app and carries its own view/add/edit/delete permissions.
import { randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";
import type { TokenPermissions } from "./types.js";

export function createTokens(db: Database) {
  const lookupStmt = db.prepare<[string], { app: number; permissions: string }>("SELECT app, permissions FROM k_tokens WHERE token = ?");
  return {
    create(appId: number, permissions: TokenPermissions): string {
      // kintone tokens are 40 alphanumerics.
      const token = randomBytes(40)
        .toString("base64")
        .replace(/[^A-Za-z0-9]/g, "")
        .slice(0, 40)
        .padEnd(40, "0");
      db.prepare("INSERT INTO k_tokens (token, app, permissions) VALUES (?, ?, ?)").run(token, appId, JSON.stringify(permissions));
      return token;
    },
    lookup(token: string): { app: number; permissions: TokenPermissions } | null {
      const row = lookupStmt.get(token);
      return row ? { app: row.app, permissions: JSON.parse(row.permissions) as TokenPermissions } : null;
    },
  };
}
export type Tokens = ReturnType<typeof createTokens>;
