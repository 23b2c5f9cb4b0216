// Users and sign-in sessions: what kintone's user directory and login give the pages and the REST API.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Database } from "better-sqlite3";
import type { NewUser, SandboxUser } from "./types.js";

type Profile = Omit<SandboxUser, "id" | "code">;
interface Row {
  id: number;
  code: string;
  data: string;
  password: string;
}

const toUser = (row: Row): SandboxUser => ({ id: String(row.id), code: row.code, ...(JSON.parse(row.data) as Profile) });

function hash(password: string, salt = randomBytes(16).toString("hex")): string {
  return `${salt}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function matches(password: string, stored: string): boolean {
  const [salt = "", expected = ""] = stored.split(":");
  const actual = Buffer.from(hash(password, salt).split(":")[1] ?? "", "hex");
  const want = Buffer.from(expected, "hex");
  return actual.length === want.length && timingSafeEqual(actual, want);
}

export function createUsers(db: Database) {
  // scrypt is slow on purpose; scripts send X-Cybozu-Authorization on every call, so remember what verified.
  const verified = new Map<string, string>();
  const byCodeStmt = db.prepare<[string], Row>("SELECT * FROM k_users WHERE code = ?");
  return {
    add(user: NewUser): SandboxUser {
      const { password, code, ...profile } = user;
      const info = db
        .prepare("INSERT INTO k_users (code, data, password) VALUES (?, ?, ?)")
        .run(code, JSON.stringify(profile), hash(password));
      return { id: String(info.lastInsertRowid), code, ...profile };
    },
    byCode(code: string): SandboxUser | null {
      const row = byCodeStmt.get(code);
      return row ? toUser(row) : null;
    },
    list(): SandboxUser[] {
      return db.prepare<[], Row>("SELECT * FROM k_users ORDER BY id").all().map(toUser);
    },
    verifyPassword(code: string, password: string): SandboxUser | null {
      const row = byCodeStmt.get(code);
      if (!row) return null;
      const key = createHash("sha256").update(`${code}\0${password}`).digest("hex");
      if (verified.get(key) === row.password) return toUser(row);
      if (!matches(password, row.password)) return null;
      verified.set(key, row.password);
      return toUser(row);
    },
  };
}
export type Users = ReturnType<typeof createUsers>;

export const COOKIE = "CB_SESSION";

export function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/** Credentials from X-Cybozu-Authorization (base64 login:password); undefined when the header is absent. */
export function passwordHeader(req: IncomingMessage): { code: string; password: string } | undefined {
  const header = req.headers["x-cybozu-authorization"];
  if (typeof header !== "string") return undefined;
  const decoded = Buffer.from(header, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? { code: decoded, password: "" } : { code: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function createSessions(db: Database, users: Users) {
  const sessionStmt = db.prepare<[string], { user_code: string }>("SELECT user_code FROM k_sessions WHERE id = ?");
  const userOfSession = (sessionId: string): SandboxUser | null => {
    const row = sessionStmt.get(sessionId);
    return row ? users.byCode(row.user_code) : null;
  };
  return {
    cookieName: COOKIE,
    create(userCode: string): string {
      const id = randomBytes(24).toString("base64url");
      db.prepare("INSERT INTO k_sessions (id, user_code, created_at) VALUES (?, ?, ?)").run(id, userCode, Date.now());
      return id;
    },
    destroy(sessionId: string): void {
      db.prepare("DELETE FROM k_sessions WHERE id = ?").run(sessionId);
    },
    userOf(req: IncomingMessage): SandboxUser | null {
      const creds = passwordHeader(req);
      if (creds) return users.verifyPassword(creds.code, creds.password);
      const sid = cookieValue(req, COOKIE);
      return sid ? userOfSession(sid) : null;
    },
    userOfSession,
  };
}
