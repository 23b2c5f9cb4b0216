// Sign-in as kintone does it: a login form sets a session cookie; X-Cybozu-Authorization works everywhere too.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KintoneEmulator } from "../kintone-emulator/types";
import { cookieHeader, cookieOf, escapeHtml, readBody, redirect, sendHtml } from "./http";
import { renderShell } from "./shell";

/** A user the login page offers, with the password the sandbox gave them. */
export interface SignInHint {
  code: string;
  password: string;
  name: string;
  role: { ja: string; en: string };
}

/** Only local paths: an open redirect would send users anywhere after sign-in. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/k/";
}

function hintTable(hints: readonly SignInHint[]): string {
  if (hints.length === 0) return "";
  const rows = hints
    .map(
      (h) =>
        `<tr data-login="${escapeHtml(h.code)}" data-password="${escapeHtml(h.password)}"><td><code>${escapeHtml(h.code)}</code></td><td><code>${escapeHtml(h.password)}</code></td><td>${escapeHtml(h.name)}</td><td>${escapeHtml(h.role.ja)}<br><small>${escapeHtml(h.role.en)}</small></td></tr>`,
    )
    .join("");
  return `<table class="k-login-users"><caption>sandbox のユーザー / Sandbox users</caption>
<thead><tr><th>ログイン名<br><small>Login name</small></th><th>パスワード<br><small>Password</small></th><th>名前<br><small>Name</small></th><th>役割<br><small>Role</small></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function loginForm(next: string, failed: boolean, hints: readonly SignInHint[]): string {
  const error = failed
    ? `<p class="k-error" role="alert">ログイン名またはパスワードが正しくありません。 / Incorrect login name or password.</p>`
    : "";
  return renderShell({
    title: "ログイン / Log in",
    boot: null,
    bodyHtml: `<form class="k-login" method="post" action="/login">
<h1>kintone <small>sandbox</small></h1>${error}
<label>ログイン名 / Login name <input name="username" autocomplete="username" required></label>
<label>パスワード / Password <input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button type="submit" class="k-primary">ログイン / Log in</button>
${hintTable(hints)}
</form>
<script src="/k/static/login.js"></script>`,
  });
}

export async function handleAuth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  emulator: KintoneEmulator,
  hints: readonly SignInHint[],
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://x");
  if (path === "/login" && req.method === "GET") {
    sendHtml(res, 200, loginForm(safeNext(url.searchParams.get("next")), false, hints));
    return true;
  }
  if (path === "/login" && req.method === "POST") {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    const next = safeNext(form.get("next"));
    const user = emulator.users.verifyPassword(form.get("username") ?? "", form.get("password") ?? "");
    if (!user) {
      sendHtml(res, 401, loginForm(next, true, hints));
      return true;
    }
    const sid = emulator.sessions.create(user.code);
    redirect(res, next, { "set-cookie": cookieHeader(emulator.sessions.cookieName, sid) });
    return true;
  }
  if (path === "/logout") {
    const sid = cookieOf(req, emulator.sessions.cookieName);
    if (sid) emulator.sessions.destroy(sid);
    redirect(res, "/login", { "set-cookie": cookieHeader(emulator.sessions.cookieName, "", 0) });
    return true;
  }
  return false;
}

export function toLogin(req: IncomingMessage, res: ServerResponse): void {
  redirect(res, `/login?next=${encodeURIComponent(req.url ?? "/k/")}`);
}
