// The web phone: the call being made (or ringing), who it is, and the controls that end it.
import { esc } from "./http.js";
import { formatNational } from "../../shared/phone.js";
import type { CallDirection, CallRow, Customer, DeliveryRow } from "./store.js";
import { AGENTS } from "./calls.js";
import { DELIVERY_HEAD, RESULT_LABELS, deliveryRows, incomingPanel, overallDelivery, page } from "./layout.js";
import { recordingUrls, toJstIso } from "./payload.js";

export interface PhoneView {
  number: string | null;
  direction: CallDirection;
  call: CallRow | null; // a dialing call started through the API
  customers: Customer[];
  startedAt: string;
  recent: { call: CallRow; delivery: string }[];
}

function recentCalls(recent: PhoneView["recent"]): string {
  if (recent.length === 0) return "";
  const rows = recent
    .map(
      ({
        call,
        delivery,
      }) => `<tr><td><a href="/callconnect/phone/calls/${esc(call.id)}">${esc(call.id)}</a></td><td>${esc(toJstIso(call.started_at).slice(0, 16).replace("T", " "))}</td>
<td>${call.direction === "incoming" ? "着信" : "発信"}</td><td>${esc(call.display)}</td><td>${esc(call.result ? RESULT_LABELS[call.result] : "")}</td><td>${esc(delivery)}</td></tr>`,
    )
    .join("\n");
  return `<section class="card"><h2>最近の通話 <small>Recent calls</small></h2><table class="recent"><thead><tr><th>ID</th><th>日時 <small>JST</small></th>
<th>方向</th><th>番号 <small>Number</small></th><th>結果 <small>Result</small></th><th>連携 <small>Webhook</small></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function customerBlock(customers: Customer[]): string {
  const first = customers[0];
  if (!first) return `<p class="customer unknown" data-testid="customer">未登録の番号 <small>Unknown number</small></p>`;
  const more = customers.length > 1 ? `<p class="more">他 ${customers.length - 1} 件 <small>more matches</small></p>` : "";
  return `<div class="customer" data-testid="customer"><p class="name">${esc(first.name || "(名前なし)")}</p>
<p class="company">${esc(first.company)}</p><p class="numbers">${esc(first.numbers.map(formatNational).join(" / "))}</p>
<p class="ids">CallConnect ID ${esc(first.id)}${first.external_id ? ` · kintone ${esc(first.external_id)}` : ""}</p></div>${more}`;
}

export function phonePage(view: PhoneView): string {
  if (view.number === null) {
    return page(
      "ウェブ電話",
      `<section class="card idle"><h1>待機中 <small>No call in progress</small></h1>
<p>kintone の電話番号をクリックすると、ここに発信中の通話が表示されます。<br><small>Click a phone number in kintone to call it.</small></p></section>${incomingPanel()}${recentCalls(view.recent)}`,
    );
  }
  const incoming = view.direction === "incoming";
  const results = (incoming ? (["answered", "no_answer"] as const) : (["answered", "no_answer", "busy"] as const))
    .map((r, i) => `<label><input type="radio" name="result" value="${r}"${i === 0 ? " checked" : ""}> ${esc(RESULT_LABELS[r])}</label>`)
    .join("");
  const agents = AGENTS.map((a) => `<option value="${esc(a.email)}">${esc(a.name)} (${esc(a.email)})</option>`).join("");
  return page(
    incoming ? "着信中" : "発信中",
    `<section class="card call ${incoming ? "incoming" : "outgoing"}">
<h1>${incoming ? "着信中 <small>Incoming call</small>" : "発信中 <small>Calling</small>"}</h1>
<p class="number" data-testid="number">${esc(view.number)}</p>${customerBlock(view.customers)}
<p class="timer">通話時間 <small>Elapsed</small> <span data-started="${esc(view.startedAt)}">0:00</span></p>
<form method="post" action="/callconnect/phone/end" class="controls">
<input type="hidden" name="call_id" value="${esc(view.call?.id ?? "")}"><input type="hidden" name="number" value="${esc(view.number)}">
<input type="hidden" name="direction" value="${view.direction}"><input type="hidden" name="started_at" value="${esc(view.startedAt)}">
<fieldset><legend>結果 <small>Result</small></legend>${results}</fieldset>
<label>担当者 <small>Agent</small> <select name="agent">${agents}</select></label>
<label>メモ <small>Memo</small> <textarea name="memo" rows="4"></textarea></label>
<label class="check"><input type="checkbox" name="hold" value="1"> 保留あり <small>Put on hold (two recordings)</small></label>
<button type="submit" class="end">通話終了 <small>End call</small></button></form></section>${incomingPanel()}${recentCalls(view.recent)}`,
  );
}

export function endedPage(call: CallRow, customer: Customer | null, deliveries: DeliveryRow[], publicUrl: string): string {
  const players = recordingUrls(publicUrl, call)
    .filter((u) => /^https?:\/\//.test(u))
    .map((u) => `<li><audio controls preload="none" src="${esc(u)}"></audio> <a href="${esc(u)}">${esc(u)}</a></li>`)
    .join("");
  return page(
    "通話終了",
    `<section class="card ended" data-call-id="${esc(call.id)}"><h1>通話終了 <small>Call ended</small></h1>
<p class="number" data-testid="number">${esc(call.display)}</p>${customerBlock(customer ? [customer] : [])}
<dl><dt>結果 <small>Result</small></dt><dd>${esc(call.result ? RESULT_LABELS[call.result] : "")} (${esc(call.status_code)})</dd>
<dt>通話時間 <small>Duration</small></dt><dd>${esc(call.duration)} 秒</dd><dt>担当者 <small>Agent</small></dt><dd>${esc(call.user_name)}</dd>
<dt>メモ <small>Memo</small></dt><dd class="memo">${esc(call.memo)}</dd></dl>
${players ? `<h2>録音 <small>Recordings</small></h2><ul class="recordings">${players}</ul>` : ""}
${call.transcription ? `<h2>文字起こし <small>Transcription</small></h2><pre class="transcription">${esc(call.transcription)}</pre>` : ""}
<h2>連携: <span data-testid="delivery-overall">${esc(overallDelivery(deliveries))}</span></h2>
<table class="deliveries"><thead>${DELIVERY_HEAD}</thead><tbody>${deliveryRows(deliveries)}</tbody></table></section>${incomingPanel()}`,
  );
}
