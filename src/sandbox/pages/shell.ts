// The HTML every kintone-like page shares: header, content root, boot data, runtime, then the plugin's files.
import type { BootData, LoginUser } from "../runtime/boot-data";
import { BOOT_ELEMENT_ID } from "../runtime/boot-data";
import { escapeHtml, jsonForScript } from "./http";

export interface ShellParts {
  title: string;
  boot: BootData | null;
  /** Plugin CSS / JS URLs in manifest order. */
  css?: string[];
  js?: string[];
  /** Trusted HTML (the plugin's own config.html, or server-built markup with escaped data). */
  bodyHtml?: string;
  mobile?: boolean;
  /** For app administrators: the app's plug-in settings. */
  adminLink?: string;
  /** The signed-in user on a server-rendered page without the runtime (boot null). */
  user?: LoginUser;
}

export function renderShell(p: ShellParts): string {
  const user = p.boot?.user ?? p.user;
  const header = user
    ? `<header class="k-header"><a class="k-logo" href="${p.mobile ? "/k/m/" : "/k/"}">kintone <small>sandbox</small></a>
${p.adminLink ? `<a class="k-admin-link" href="${escapeHtml(p.adminLink)}">${user.language === "en" ? "Plug-ins" : "プラグイン"}</a>` : ""}
<span class="k-user" data-user="${escapeHtml(user.code)}">${escapeHtml(user.name)}</span> <a class="k-logout" href="/logout">${user.language === "en" ? "Log out" : "ログアウト"}</a></header>`
    : "";
  const links = (p.css ?? []).map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("\n");
  const scripts = (p.js ?? []).map((src) => `<script src="${escapeHtml(src)}"></script>`).join("\n");
  const boot = p.boot
    ? `<script id="${BOOT_ELEMENT_ID}" type="application/json">${jsonForScript(p.boot)}</script>\n<script src="/k/static/runtime.js"></script>`
    : "";
  return `<!doctype html>
<html lang="${user?.language === "en" ? "en" : "ja"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" href="/k/static/kintone.css">
${links}
</head>
<body class="${p.mobile ? "k-mobile" : "k-desktop"}">
${header}
<main id="k-main">${p.bodyHtml ?? ""}</main>
${boot}
${scripts}
</body>
</html>`;
}

export function messagePage(title: string, message: string, status = 200): { status: number; html: string } {
  return {
    status,
    html: renderShell({
      title,
      boot: null,
      bodyHtml: `<div class="k-message"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`,
    }),
  };
}
