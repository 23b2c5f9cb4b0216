// Sign-in as kintone does it: a login form sets a session cookie; X-Cybozu-Authorization works everywhere too.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KintoneEmulator } from "../kintone-emulator/types";
import { cookieHeader, cookieOf, escapeHtml, readBody, redirect, sendHtml } from "./http";
import { renderShell } from "./shell";

/** Only local paths: an open redirect would send users anywhere after sign-in. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/k/";
}

function loginForm(next: string, failed: boolean): string {
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
<button type="submit">ログイン / Log in</button>
<p class="k-hint">Administrator / sandbox, yamada / sandbox</p>
</form>`,
  });
}

export async function handleAuth(req: IncomingMessage, res: ServerResponse, path: string, emulator: KintoneEmulator): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://x");
  if (path === "/login" && req.method === "GET") {
    sendHtml(res, 200, loginForm(safeNext(url.searchParams.get("next")), false));
    return true;
  }
  if (path === "/login" && req.method === "POST") {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    const next = safeNext(form.get("next"));
    const user = emulator.users.verifyPassword(form.get("username") ?? "", form.get("password") ?? "");
    if (!user) {
      sendHtml(res, 401, loginForm(next, true));
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
