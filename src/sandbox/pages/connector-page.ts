// /connector/ in the sandbox: what the embedded connector is doing for each registered app (status, webhook
// URLs, recent failures). The connector itself answers only its API there; this page sits in front of it.
// The webhook URLs carry their key, so only kintone administrators see the page (as on the config screen).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connector, AppStatus } from "../../connector/types";
import type { WebhookUrls } from "../../shared/contract/connector";
import type { KintoneEmulator, SandboxUser } from "../kintone-emulator/types";
import { escapeHtml as esc, sendHtml } from "./http";
import { toLogin } from "./auth";
import { messagePage, renderShell } from "./shell";
import { loginUserOf } from "./login-user";

export interface ConnectorPageDeps {
  emulator: KintoneEmulator;
  connector: Connector | null;
}

type T = (ja: string, en: string) => string;

function when(iso: string | null, user: SandboxUser): string {
  if (!iso) return "—";
  const fmt = new Intl.DateTimeFormat(user.language === "en" ? "en-US" : "ja-JP", {
    timeZone: user.timezone,
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return fmt.format(new Date(iso));
}

function appCard(s: AppStatus, name: string, hooks: WebhookUrls | null, t: T, user: SandboxUser): string {
  const row = (label: string, value: string) => `<tr><th>${label}</th><td>${value}</td></tr>`;
  const last = s.lastSync
    ? Object.entries(s.lastSync)
        .map(([k, v]) => `${esc(k)}: ${esc(typeof v === "object" ? JSON.stringify(v) : String(v))}`)
        .join(", ")
    : "—";
  const urls = hooks
    ? `<ul class="k-urls"><li>CallConnect → <code>${esc(hooks.callconnect)}</code></li><li>kintone → <code>${esc(hooks.kintone)}</code></li></ul>`
    : t("設定画面で「保存」すると表示されます。", "Shown once the app is saved on its plug-in settings screen.");
  const failures = s.failures.length
    ? `<table class="k-list"><thead><tr><th>ID</th><th>${t("種類", "Kind")}</th><th>${t("受信", "Received")}</th><th>${t("理由", "Reason")}</th></tr></thead><tbody>${s.failures
        .map((f) => `<tr><td>${esc(f.id)}</td><td>${esc(f.kind)}</td><td>${esc(when(f.at, user))}</td><td>${esc(f.reason ?? "")}</td></tr>`)
        .join("")}</tbody></table>`
    : `<p class="k-empty">${t("失敗した処理はありません。", "No failed work.")}</p>`;
  return `<section class="k-card k-connector-app" data-app="${esc(s.app)}"><h2>${esc(name)} <small>(app ${esc(s.app)})</small></h2>
<table class="k-props"><tbody>
${row(t("同期", "Sync"), s.syncing ? t("同期中", "Syncing now") : t("待機中", "Idle"))}
${row(t("最後の同期", "Last sync"), `${esc(when(s.lastSyncAt, user))}<br><small>${last}</small>`)}
${row(t("最後の同期エラー", "Last sync error"), esc(s.lastSyncError ?? "—"))}
${row(t("処理待ち / 失敗 / 完了", "Pending / failed / done"), `<span data-testid="counts">${esc(s.pending)} / ${esc(s.failed)} / ${esc(s.done)}</span>`)}
${row(t("Webhook の URL", "Webhook URLs"), urls)}
</tbody></table><h3>${t("最近の失敗", "Recent failures")}</h3>${failures}</section>`;
}

export function createConnectorPage(deps: ConnectorPageDeps) {
  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if ((path !== "/connector/" && path !== "/connector") || req.method !== "GET") return false;
      const user = deps.emulator.sessions.userOf(req);
      if (!user) return (toLogin(req, res), true);
      const en = user.language === "en";
      const t: T = (ja, english) => (en ? english : ja);
      if (!user.isAdmin) {
        const p = messagePage(
          t("権限がありません", "No permission"),
          t("コネクタの状態は kintone 管理者だけが見られます。", "Only kintone administrators can see the connector."),
          403,
        );
        return (sendHtml(res, p.status, p.html), true);
      }
      const title = t("コネクタ", "Connector");
      const apps = deps.connector ? await deps.connector.status(en ? "en" : "ja") : [];
      const body = !deps.connector
        ? `<p class="k-empty">${t("この sandbox はコネクタなしで起動しています。", "This sandbox runs without the connector.")}</p>`
        : apps.length === 0
          ? `<p class="k-empty">${t("登録されたアプリはありません。", "No app is registered.")}</p>`
          : apps.map((s) => appCard(s, deps.emulator.apps.name(Number(s.app)) ?? "", s.webhooks, t, user)).join("");
      const links = `<p><a href="/connector/health">/connector/health</a> · <a href="/callconnect/admin">${t("CallConnect の送信履歴", "CallConnect deliveries")}</a> · <a href="/k/">${t("ポータル", "Portal")}</a></p>`;
      const html = renderShell({
        title,
        boot: null,
        user: loginUserOf(user),
        bodyHtml: `<div class="k-toolbar"><h1>${title}</h1></div>${links}${body}`,
      });
      sendHtml(res, 200, html);
      return true;
    },
  };
}
