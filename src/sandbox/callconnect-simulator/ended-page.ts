// The ended call: result, recordings, transcription, live 連携 state, and the number that waited during it.
import { esc } from "./http.js";
import type { CallRow, Customer, DeliveryRow } from "./store.js";
import type { WaitingNumber } from "./phone-session.js";
import { DELIVERY_HEAD, RESULT_LABELS, deliveryRows, incomingPanel, overallDelivery, page, phoneHref, say } from "./layout.js";
import { customerBlock } from "./phone-page.js";
import { recordingUrls } from "./payload.js";

export interface EndedView {
  call: CallRow;
  customer: Customer | null;
  deliveries: DeliveryRow[];
  publicUrl: string;
  user: string | null;
  next: WaitingNumber | null;
}

function nextCall(next: WaitingNumber | null, user: string | null): string {
  if (!next) return "";
  const incoming = next.direction === "incoming";
  const href = phoneHref(user, { number: next.number, ...(incoming ? { direction: "incoming" } : {}) });
  const text = incoming
    ? say({ ja: `通話中に ${next.display} から着信がありました。`, en: `${next.display} called during this call.` })
    : say({ ja: `通話中にクリックされた ${next.display} が待っています。`, en: `${next.display} was clicked during this call.` });
  const action = incoming ? "応答する <small>Answer</small>" : `${esc(next.display)} に発信 <small>Call</small>`;
  return `<section class="card next" data-testid="next-call"><p>${text}</p><p><a class="button" href="${esc(href)}">${action}</a></p></section>`;
}

export function endedPage(view: EndedView): string {
  const { call } = view;
  const players = recordingUrls(view.publicUrl, call)
    .filter((u) => /^https?:\/\//.test(u))
    .map((u) => `<li><audio controls preload="none" src="${esc(u)}"></audio> <a href="${esc(u)}">${esc(u)}</a></li>`)
    .join("");
  return page(
    "通話終了",
    `${nextCall(view.next, view.user)}<section class="card ended" data-call-id="${esc(call.id)}"><h1>通話終了 <small>Call ended</small></h1>
<p class="number" data-testid="number">${esc(call.display)}</p>${customerBlock(view.customer ? [view.customer] : [])}
<dl><dt>結果 <small>Result</small></dt><dd>${esc(call.result ? RESULT_LABELS[call.result] : "")} (${esc(call.status_code)})</dd>
<dt>通話時間 <small>Duration</small></dt><dd>${esc(call.duration)} 秒</dd><dt>担当者 <small>Agent</small></dt><dd data-testid="agent">${esc(call.user_name || "—")}</dd>
<dt>メモ <small>Memo</small></dt><dd class="memo">${esc(call.memo)}</dd></dl>
${players ? `<h2>録音 <small>Recordings</small></h2><ul class="recordings">${players}</ul>` : ""}
${call.transcription ? `<h2>文字起こし <small>Transcription</small></h2><pre class="transcription">${esc(call.transcription)}</pre>` : ""}
<h2>連携: <span data-testid="delivery-overall">${esc(overallDelivery(view.deliveries))}</span></h2>
<table class="deliveries"><thead>${DELIVERY_HEAD}</thead><tbody>${deliveryRows(view.deliveries)}</tbody></table></section>${incomingPanel(view.user)}`,
    view.user,
  );
}
