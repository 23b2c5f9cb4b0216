// Shared shell and labels of the simulator's pages: Japanese first with English subtitles, data escaped as text.
import { esc } from "./http.js";
import type { CallResult, DeliveryRow } from "./store.js";

/** A sentence in both languages; both halves are escaped when rendered. */
export interface Bilingual {
  ja: string;
  en: string;
}

export function say(text: Bilingual): string {
  return `${esc(text.ja)} <small>${esc(text.en)}</small>`;
}

/** `/callconnect/phone` for the agent the phone was opened for, with extra parameters. */
export function phoneHref(user: string | null, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...params, ...(user ? { user } : {}) }).toString();
  return `/callconnect/phone${q ? `?${q}` : ""}`;
}

export const RESULT_LABELS: Record<CallResult, string> = { answered: "応答 Answered", no_answer: "不在 No answer", busy: "話中 Busy" };
export const EVENT_LABELS: Record<string, string> = {
  call_ringing: "着信 call_ringing",
  call_answered: "応答 call_answered",
  call_ended: "通話終了 call_ended",
  call_missed: "不在 call_missed",
  memo_saved: "メモ保存 memo_saved",
  transcription_done: "文字起こし transcription_done",
};
export const DELIVERY_LABELS: Record<DeliveryRow["status"], string> = {
  pending: "送信中 Sending",
  sent: "送信済み Sent",
  failed: "失敗 Failed",
};

/** 連携 state of one call: failed wins, then sending; no targets configured is said plainly. */
export function overallDelivery(rows: Pick<DeliveryRow, "status">[]): string {
  if (rows.length === 0) return "送信先なし No webhook target";
  if (rows.some((r) => r.status === "failed")) return DELIVERY_LABELS.failed;
  if (rows.some((r) => r.status === "pending")) return DELIVERY_LABELS.pending;
  return DELIVERY_LABELS.sent;
}

export function page(title: string, body: string, user: string | null = null): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — CallConnect Sandbox</title>
<link rel="icon" href="/callconnect/static/favicon.svg"><link rel="stylesheet" href="/callconnect/static/phone.css"><script src="/callconnect/static/phone.js" defer></script></head>
<body><header class="bar"><span class="brand">CallConnect</span><span class="sub">Sandbox simulator</span>
<nav><a href="${esc(phoneHref(user))}">ウェブ電話 <small>Phone</small></a><a href="/callconnect/admin">管理 <small>Admin</small></a></nav></header>
<main>${body}</main></body></html>`;
}

export function incomingPanel(user: string | null): string {
  const who = user ? `<input type="hidden" name="user" value="${esc(user)}">` : "";
  return `<section class="card" aria-labelledby="incoming-title"><h2 id="incoming-title">着信 <small>Simulate an incoming call</small></h2>
<form method="get" action="/callconnect/phone" class="row"><input type="hidden" name="direction" value="incoming">${who}
<label>発信元番号 <small>Caller number</small> <input name="number" required placeholder="03-1234-5678" inputmode="tel"></label>
<button type="submit">着信 <small>Ring</small></button></form></section>`;
}

export function deliveryRows(rows: DeliveryRow[]): string {
  return rows
    .map(
      (d) => `<tr data-delivery="${d.id}"><td>${esc(EVENT_LABELS[d.event] ?? d.event)}</td><td class="url">${esc(d.target)}</td>
<td class="status-${esc(d.status)}">${esc(DELIVERY_LABELS[d.status])}</td><td>${esc(d.http_status ?? "")}</td><td>${esc(d.attempts)}</td><td>${esc(d.error)}</td></tr>`,
    )
    .join("\n");
}

export const DELIVERY_HEAD =
  "<tr><th>イベント Event</th><th>送信先 Target</th><th>状態 Status</th><th>HTTP</th><th>試行 Attempts</th><th>エラー Error</th></tr>";
