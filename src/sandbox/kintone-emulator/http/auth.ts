// Who a request acts as, and what it may do: API tokens (per app), password header, session cookie, Basic layer.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { KintoneEmulatorError } from "../errors.js";
import type { Tokens } from "../tokens.js";
import type { SandboxUser, TokenPermissions } from "../types.js";
import { COOKIE, cookieValue, passwordHeader, type Users } from "../users.js";

export type Permission = keyof TokenPermissions | "manage";
export type Principal =
  | { kind: "user"; user: SandboxUser; isManager: (appId: number) => boolean }
  | { kind: "token"; user: SandboxUser; grants: Map<number, TokenPermissions>; tokens: string[] };

interface AuthDeps {
  users: Users;
  tokens: Tokens;
  sessionUser: (sessionId: string) => SandboxUser | null;
  managers: (appId: number) => string[];
  basic: { current: { user: string; password: string } | null };
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** kintone records API-token writes as done by "Administrator". */
function tokenUser(users: Users): SandboxUser {
  return (
    users.byCode("Administrator") ?? {
      id: "1",
      code: "Administrator",
      name: "Administrator",
      email: "",
      language: "ja",
      timezone: "Asia/Tokyo",
      isAdmin: true,
    }
  );
}

/** `method`: the effective one, so a long GET sent as POST + X-HTTP-Method-Override reads as the GET does. */
export function authenticate(req: IncomingMessage, method: string, deps: AuthDeps): Principal {
  const basic = deps.basic.current;
  if (basic) {
    const header = String(req.headers.authorization ?? "");
    const given = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : "";
    if (!sameText(given, `${basic.user}:${basic.password}`)) throw new KintoneEmulatorError("CB_AU01");
  }
  const isManagerOf = (user: SandboxUser) => (appId: number) => user.isAdmin || deps.managers(appId).includes(user.code);

  // Password authentication wins over tokens when both are sent, as in kintone.
  const creds = passwordHeader(req);
  if (creds) {
    const user = deps.users.verifyPassword(creds.code, creds.password);
    if (!user) throw new KintoneEmulatorError("CB_WA01");
    return { kind: "user", user, isManager: isManagerOf(user) };
  }
  const tokenHeader = req.headers["x-cybozu-api-token"];
  if (typeof tokenHeader === "string" && tokenHeader.trim() !== "") {
    const grants = new Map<number, TokenPermissions>();
    const list = tokenHeader
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (list.length > 9) throw new KintoneEmulatorError("GAIA_IA02");
    for (const token of list) {
      const found = deps.tokens.lookup(token);
      if (!found) throw new KintoneEmulatorError("GAIA_IA02");
      const had = grants.get(found.app);
      const p = found.permissions;
      grants.set(
        found.app,
        had ? { view: had.view || p.view, add: had.add || p.add, edit: had.edit || p.edit, delete: had.delete || p.delete } : p,
      );
    }
    return { kind: "token", user: tokenUser(deps.users), grants, tokens: list };
  }
  const sid = cookieValue(req, COOKIE);
  const user = sid ? deps.sessionUser(sid) : null;
  if (!user) throw new KintoneEmulatorError("CB_AU01");
  // A session cookie rides along on cross-site requests: refuse writes from another origin.
  const origin = req.headers.origin;
  if (method !== "GET" && origin && new URL(origin).host !== req.headers.host) throw new KintoneEmulatorError("CB_AU01");
  return { kind: "user", user, isManager: isManagerOf(user) };
}

/** Throws kintone's error when the principal may not do `permission` on the app. */
export function requirePermission(principal: Principal, appId: number, permission: Permission): void {
  if (principal.kind === "user") {
    if (permission === "manage" && !principal.isManager(appId)) throw new KintoneEmulatorError("CB_NO02");
    return;
  }
  const grant = principal.grants.get(appId);
  if (!grant) throw new KintoneEmulatorError("GAIA_IA02");
  if (permission === "manage" || !grant[permission]) throw new KintoneEmulatorError("CB_NO02");
}
