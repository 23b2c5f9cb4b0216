// The screen-pop card: a kintone-looking, non-blocking box in the corner, one per call. Everything from
// CallConnect or a record goes in as text. The view knows nothing of streams or kintone; the controller
// (./index.ts) hands it a model and callbacks.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { Dropdown } from "kintone-ui-component/lib/dropdown/index.js";
import { TextArea } from "kintone-ui-component/lib/textarea/index.js";
import type { PopCustomer, Who } from "./lookup";
import type { PopMessageKey } from "./messages";

export type CardState = "ringing" | "talking" | "ended" | "url";

export interface CardModel {
  callId: string;
  state: CardState;
  outgoing: boolean;
  /** National notation, or the text as given when it is not a number. */
  number: string;
  who: Who | "loading" | "creating" | "not_a_number";
  /** What CallConnect knows (shown when kintone has nobody). */
  contactName: string;
  lastCall: string;
  wrapup: { results: string[] } | null;
}

export interface CardActions {
  open(customer: PopCustomer): void;
  create(): void;
  close(): void;
  save(result: string, memo: string): Promise<string | null>;
  /** The agent started typing a wrap-up: the card must not close on its own. */
  touched(): void;
}

type T = (key: PopMessageKey, params?: Record<string, string | number>) => string;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function stack(): HTMLElement {
  let s = document.querySelector<HTMLElement>("[data-cc-pops]");
  if (!s) {
    s = el("div", "cc-pops");
    s.setAttribute("data-cc-pops", "");
    document.body.append(s);
  }
  return s;
}

function customerRow(c: PopCustomer, t: T, actions: CardActions): HTMLElement {
  const row = el("div", "cc-pop-customer");
  row.setAttribute("data-cc-pop-customer", c.id);
  const text = el("div", "cc-pop-customer-text");
  text.append(el("div", "cc-pop-name", c.name || `#${c.id}`));
  if (c.company) text.append(el("div", "cc-pop-company", c.company));
  const open = new Button({ text: t("open"), type: "submit", className: "cc-pop-open" });
  open.addEventListener("click", () => actions.open(c));
  row.append(text, open);
  return row;
}

function whoBlock(m: CardModel, t: T, actions: CardActions): HTMLElement {
  const box = el("div", "cc-pop-who");
  const who = m.who;
  if (who === "loading") box.append(el("p", "cc-pop-note", t("who.loading")));
  else if (who === "creating") box.append(el("p", "cc-pop-note", t("who.creating")));
  else if (who === "not_a_number") box.append(el("p", "cc-pop-error", t("who.not_a_number", { text: m.number })));
  else if (who.kind === "error")
    box.append(el("p", "cc-pop-error", who.reason === "forbidden" ? t("who.forbidden") : t("who.failed", { reason: who.message })));
  else if (who.kind === "none") {
    box.append(el("p", "cc-pop-note", t("who.unknown")));
    if (m.contactName) box.append(el("p", "cc-pop-note", t("who.callconnect", { name: m.contactName })));
    const create = new Button({ text: t("create"), type: "normal", className: "cc-pop-create" });
    create.addEventListener("click", () => actions.create());
    box.append(create);
  } else {
    if (who.customers.length > 1) box.append(el("p", "cc-pop-note", t("who.many", { n: who.customers.length })));
    const list = el("div", "cc-pop-customers");
    for (const c of who.customers) list.append(customerRow(c, t, actions));
    box.append(list);
    if (m.lastCall) box.append(el("p", "cc-pop-last", m.lastCall));
  }
  return box;
}

function wrapupBlock(results: string[], t: T, actions: CardActions): HTMLElement {
  const box = el("div", "cc-pop-wrapup");
  box.setAttribute("data-cc-pop-wrapup", "");
  box.append(el("div", "cc-pop-wrapup-title", t("wrapup.title")));
  const result = new Dropdown({
    label: t("wrapup.result"),
    items: [{ label: t("wrapup.none"), value: "" }, ...results.map((r) => ({ label: r, value: r }))],
    value: "",
    className: "cc-pop-result",
  });
  const memo = new TextArea({ label: t("wrapup.memo"), value: "", className: "cc-pop-memo" });
  const status = el("p", "cc-pop-note");
  status.setAttribute("role", "status");
  const save = new Button({ text: t("wrapup.save"), type: "submit", className: "cc-pop-save" });
  for (const input of [result, memo]) {
    input.addEventListener("change", () => actions.touched());
    input.addEventListener("input", () => actions.touched());
  }
  save.addEventListener("click", () => {
    save.disabled = true;
    status.textContent = t("wrapup.saving");
    void actions.save(result.value, memo.value).then((failure) => {
      save.disabled = false;
      status.className = failure ? "cc-pop-error" : "cc-pop-note";
      status.textContent = failure ? t("wrapup.failed", { reason: failure }) : t("wrapup.saved");
    });
  });
  box.append(result, memo, save, status);
  return box;
}

/** Draws (or redraws) the card of one call; the wrap-up block, once there, is kept so nothing typed is lost. */
export function renderCard(m: CardModel, t: T, actions: CardActions): HTMLElement {
  const s = stack();
  let card = s.querySelector<HTMLElement>(`[data-cc-pop="${CSS.escape(m.callId)}"]`);
  if (!card) {
    card = el("section", "cc-pop");
    card.setAttribute("data-cc-pop", m.callId);
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-live", "assertive");
    s.prepend(card);
  }
  card.setAttribute("data-cc-pop-state", m.state);
  const keptWrapup = card.querySelector<HTMLElement>("[data-cc-pop-wrapup]");
  const head = el("div", "cc-pop-head");
  const stateText = m.state === "url" ? t("state.url") : t(`state.${m.state}`);
  head.append(el("span", "cc-pop-state", m.outgoing && m.state !== "ended" ? `${t("state.outgoing")} · ${stateText}` : stateText));
  head.append(el("span", "cc-pop-number", m.number));
  const close = el("button", "cc-pop-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", t("close"));
  close.addEventListener("click", () => actions.close());
  head.append(close);
  const parts: HTMLElement[] = [head, whoBlock(m, t, actions)];
  if (m.wrapup) parts.push(keptWrapup ?? wrapupBlock(m.wrapup.results, t, actions));
  card.replaceChildren(...parts);
  return card;
}

export function removeCard(callId: string): void {
  document.querySelector(`[data-cc-pops] [data-cc-pop="${CSS.escape(callId)}"]`)?.remove();
}
