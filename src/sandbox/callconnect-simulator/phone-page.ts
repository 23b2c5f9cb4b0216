// The web phone: the call in progress (or ringing), who it is, and the controls that end it; idle otherwise.
import { esc } from "./http.js";
import { formatNational } from "../../shared/phone.js";
import type { CallResult, CallRow, Customer } from "./store.js";
import type { SimulatedAgent } from "./agents.js";
import type { WaitingNumber } from "./phone-session.js";
import { MEMO_MAX } from "./end-form.js";
import { RESULT_LABELS, incomingPanel, page, say, type Bilingual } from "./layout.js";
import { toJstIso } from "./payload.js";

export interface RecentCall {
  call: CallRow;
  delivery: string;
}

/** Who the phone was opened for: `user` is carried into every link; `unknown` is a `user` that matched no agent. */
export interface PhoneUser {
  user: string | null;
  unknown: string | null;
}

export interface CallView extends PhoneUser {
  call: CallRow;
  customers: Customer[];
  agents: SimulatedAgent[];
  waiting: WaitingNumber | null;
  refused: string | null;
  /** What the agent had entered, when the form comes back with problems. */
  draft: { memo: string; result: CallResult | null; hold: boolean; agent: string } | null;
  problems: Bilingual[];
  recent: RecentCall[];
}

export function recentCalls(recent: RecentCall[]): string {
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

export function customerBlock(customers: Customer[]): string {
  const first = customers[0];
  if (!first) return `<p class="customer unknown" data-testid="customer">未登録の番号 <small>Unknown number</small></p>`;
  const more = customers.length > 1 ? `<p class="more">他 ${customers.length - 1} 件 <small>more matches</small></p>` : "";
  return `<div class="customer" data-testid="customer"><p class="name">${esc(first.name || "(名前なし)")}</p>
<p class="company">${esc(first.company)}</p><p class="numbers">${esc(first.numbers.map(formatNational).join(" / "))}</p>
<p class="ids">CallConnect ID ${esc(first.id)}${first.external_id ? ` · kintone ${esc(first.external_id)}` : ""}</p></div>${more}`;
}

function refusedNotice(shown: string | null): string {
  if (shown === null) return "";
  return `<p class="error" role="alert" data-testid="refused">${say({
    ja: `「${shown}」は電話番号ではないため、発信しませんでした。数字と + - ( ) で入力してください。`,
    en: `"${shown}" is not a phone number, so it was not dialled. Use digits and + - ( ).`,
  })}</p>`;
}

function unknownUserNotice(unknown: string | null): string {
  if (unknown === null) return "";
  return `<p class="warn" data-testid="unknown-user">${say({
    ja: `「${unknown}」は CallConnect の担当者に登録されていません。担当者を選んでください。`,
    en: `"${unknown}" is not a CallConnect agent. Choose the agent.`,
  })}</p>`;
}

function waitingNotice(w: WaitingNumber | null): string {
  if (!w) return "";
  const text: Bilingual =
    w.direction === "incoming"
      ? {
          ja: `通話中に ${w.display} から着信がありました。この通話を終了すると応答できます。`,
          en: `${w.display} is calling while this call is in progress. End this call to answer it.`,
        }
      : {
          ja: `通話中です。${w.display} への発信は、この通話を終了してからになります。`,
          en: `A call is in progress. ${w.display} waits until this call ends.`,
        };
  return `<p class="notice waiting" role="status" data-testid="waiting">${say(text)}</p>`;
}

export function idlePage(view: PhoneUser & { refused: string | null; recent: RecentCall[] }): string {
  return page(
    "ウェブ電話",
    `<section class="card idle"><h1>待機中 <small>No call in progress</small></h1>${refusedNotice(view.refused)}${unknownUserNotice(view.unknown)}
<p>kintone の電話番号をクリックすると、ここに発信中の通話が表示されます。<br><small>Click a phone number in kintone to call it.</small></p></section>${incomingPanel(view.user)}${recentCalls(view.recent)}`,
    view.user,
  );
}

function agentSelect(agents: SimulatedAgent[], chosen: string): string {
  const known = agents.some((a) => a.email === chosen);
  const none = known ? "" : `<option value="" selected>選択してください Choose</option>`;
  const options = agents
    .map((a) => `<option value="${esc(a.email)}"${a.email === chosen ? " selected" : ""}>${esc(a.name)} (${esc(a.email)})</option>`)
    .join("");
  return `<label>担当者 <small>Agent</small> <select name="agent" required>${none}${options}</select></label>`;
}

/** What the call page says and offers in each state: ringing/calling (with 応答) or talking. */
function callState(call: CallRow): { title: string; heading: string; answer: string | null; results: readonly CallResult[] | null } {
  const talking = call.answered_at !== null;
  if (talking) return { title: "通話中", heading: "通話中 <small>Talking</small>", answer: null, results: null };
  if (call.direction === "incoming")
    return { title: "着信中", heading: "着信中 <small>Ringing</small>", answer: "応答 <small>Answer</small>", results: null };
  return {
    title: "発信中",
    heading: "発信中 <small>Calling</small>",
    answer: "相手が応答 <small>Callee answered</small>",
    results: ["answered", "no_answer", "busy"],
  };
}

function answerForm(call: CallRow, user: string | null, label: string): string {
  const who = user ? `<input type="hidden" name="user" value="${esc(user)}">` : "";
  return `<form method="post" action="/callconnect/phone/calls/${esc(call.id)}/answer" class="row answer">${who}<button type="submit" class="answer">${label}</button></form>`;
}

export function callPage(view: CallView): string {
  const { call } = view;
  const incoming = call.direction === "incoming";
  const state = callState(call);
  const draft = view.draft;
  const chosenResult = draft?.result ?? "answered";
  // Once answered the call can only end as answered; a ringing incoming call ended unanswered is a missed one.
  const results = state.results
    ? `<fieldset><legend>結果 <small>Result</small></legend>${state.results
        .map(
          (r) =>
            `<label><input type="radio" name="result" value="${r}"${r === chosenResult ? " checked" : ""}> ${esc(RESULT_LABELS[r])}</label>`,
        )
        .join("")}</fieldset>`
    : `<input type="hidden" name="result" value="${call.answered_at !== null ? "answered" : "no_answer"}">`;
  const endLabel =
    call.answered_at === null && incoming ? "通話終了（不在） <small>End unanswered</small>" : "通話終了 <small>End call</small>";
  const problems = view.problems.length
    ? `<div class="error" role="alert" data-testid="form-error">${view.problems.map((p) => `<p>${say(p)}</p>`).join("")}</div>`
    : "";
  const hidden = {
    call_id: String(call.id),
    number: call.display,
    direction: call.direction,
    started_at: call.started_at,
    user: view.user ?? "",
    next_number: view.waiting?.number ?? "",
    next_direction: view.waiting?.direction ?? "outgoing",
  };
  const hiddenInputs = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join("");
  return page(
    state.title,
    `<section class="card call ${incoming ? "incoming" : "outgoing"}" data-phone-call="${esc(call.id)}" data-state="${call.answered_at !== null ? "talking" : "ringing"}">
<h1>${state.heading}</h1>${waitingNotice(view.waiting)}${refusedNotice(view.refused)}
<p class="number" data-testid="number">${esc(call.display)}</p>${customerBlock(view.customers)}
<p class="timer">通話時間 <small>Elapsed</small> <span data-started="${esc(call.answered_at ?? call.started_at)}">0:00</span></p>
${state.answer ? answerForm(call, view.user, state.answer) : ""}<form method="post" action="/callconnect/phone/end?call=${esc(call.id)}" class="controls end-call">${problems}${hiddenInputs}
${results}
${unknownUserNotice(view.unknown)}${agentSelect(view.agents, draft?.agent || call.user_email)}
<label>メモ <small>Memo</small> <textarea name="memo" rows="4" data-max="${MEMO_MAX}" aria-describedby="memo-count">${esc(draft?.memo ?? "")}</textarea></label>
<p class="memo-count" id="memo-count" data-memo-count aria-live="polite">${MEMO_MAX.toLocaleString("en-US")} 文字まで <small>Up to ${MEMO_MAX.toLocaleString("en-US")} characters</small></p>
<label class="check"><input type="checkbox" name="hold" value="1"${draft?.hold ? " checked" : ""}> 保留あり <small>Put on hold (two recordings)</small></label>
<button type="submit" class="end">${endLabel}</button></form></section>${incomingPanel(view.user)}${recentCalls(view.recent)}`,
    view.user,
  );
}
