// The web phone's 通話終了 form, read leniently: every problem becomes a sentence for the agent, and the values
// come back with it, so a bad field never loses the call or its memo.
import type { CallDirection, CallResult } from "./store.js";
import type { Bilingual } from "./layout.js";

export const MEMO_MAX = 10_000;
const RESULTS: readonly CallResult[] = ["answered", "no_answer", "busy"];

export interface EndDraft {
  callId: number | null;
  number: string;
  direction: CallDirection;
  startedAt: string;
  result: CallResult | null;
  /** The chosen agent's e-mail, "" when none. */
  agent: string;
  memo: string;
  hold: boolean;
  /** The agent login the phone was opened for, carried to the next page. */
  user: string;
  /** A number that waited while this call was in progress. */
  next: string;
  nextDirection: CallDirection;
}

const direction = (v: string | null): CallDirection => (v === "incoming" ? "incoming" : "outgoing");
const count = (n: number) => n.toLocaleString("en-US");

export function readEndForm(form: URLSearchParams): { draft: EndDraft; problems: Bilingual[] } {
  const get = (k: string) => form.get(k) ?? "";
  const rawId = get("call_id").trim();
  const result = RESULTS.find((r) => r === get("result")) ?? null;
  const draft: EndDraft = {
    callId: /^\d+$/.test(rawId) ? Number(rawId) : null,
    number: get("number").trim().slice(0, 100),
    direction: direction(form.get("direction")),
    startedAt: get("started_at"),
    result,
    agent: get("agent").trim(),
    memo: get("memo"),
    hold: get("hold") !== "",
    user: get("user").trim().slice(0, 200),
    next: get("next_number").trim().slice(0, 100),
    nextDirection: direction(form.get("next_direction")),
  };
  const problems: Bilingual[] = [];
  if (draft.memo.length > MEMO_MAX) problems.push(memoTooLong(draft.memo.length));
  if (!result) problems.push({ ja: "結果（応答・不在・話中）を選んでください。", en: "Choose the result: answered, no answer or busy." });
  if (draft.callId === null && !draft.number) problems.push({ ja: "番号がありません。", en: "The number is missing." });
  return { draft, problems };
}

export function memoTooLong(length: number | null): Bilingual {
  if (length === null)
    return {
      ja: `メモが長すぎて受け取れませんでした（${count(MEMO_MAX)}文字まで）。短くしてからもう一度「通話終了」を押してください。`,
      en: `The memo was too long to receive (at most ${count(MEMO_MAX)} characters). Shorten it and end the call again.`,
    };
  const over = count(length - MEMO_MAX);
  return {
    ja: `メモが長すぎます（${count(length)}文字、${count(MEMO_MAX)}文字まで）。${over}文字減らしてから「通話終了」を押してください。`,
    en: `The memo is too long (${count(length)} characters, at most ${count(MEMO_MAX)}). Shorten it by ${over} and end the call again.`,
  };
}
