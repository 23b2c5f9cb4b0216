// The call-history panel's DOM. Every value from records goes in as textContent; only http(s) recording
// URLs become players (and a link to open them), anything else is printed as text.
import type { HistoryRow } from "./rows";

export interface PanelTexts {
  title: string;
  transcription: string;
  recordings: string;
  agent: string;
  duration: string;
  more: string;
  memoMore: string;
  memoLess: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface PanelView {
  root: HTMLElement;
  setStatus(text: string, kind?: "info" | "error"): void;
  setNote(text: string): void;
  append(rows: HistoryRow[]): void;
  setFooter(count: string, showMore: boolean): void;
  onMore(handler: () => void): void;
  setBusy(busy: boolean): void;
}

/** A long memo shows its first lines and a button that unfolds it (and folds it again). */
function memoElement(row: HistoryRow, texts: PanelTexts): HTMLElement {
  const p = el("p", "cc-history-memo", row.memoPreview ?? row.memo);
  if (row.memoPreview === null) return p;
  const box = el("div", "cc-history-memo-box");
  const toggle = el("button", "cc-history-memo-toggle", texts.memoMore);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    p.textContent = open ? row.memo : row.memoPreview;
    toggle.textContent = open ? texts.memoLess : texts.memoMore;
    toggle.setAttribute("aria-expanded", String(open));
  });
  box.append(p, toggle);
  return box;
}

function rowElement(row: HistoryRow, texts: PanelTexts): HTMLElement {
  const li = el("li", "cc-history-item");
  li.setAttribute("data-cc-history-id", row.id);
  const head = el("div", "cc-history-head");
  head.append(el("span", "cc-history-when", row.when));
  if (row.direction) head.append(el("span", "cc-history-direction", row.direction));
  if (row.status) head.append(el("span", "cc-history-status", row.status));
  if (row.agent) head.append(el("span", "cc-history-agent", `${texts.agent}: ${row.agent}`));
  if (row.duration) head.append(el("span", "cc-history-duration", `${texts.duration} ${row.duration}`));
  li.append(head);
  if (row.memo) li.append(memoElement(row, texts));
  if (row.recordings.length) {
    const box = el("div", "cc-history-recordings");
    box.setAttribute("aria-label", texts.recordings);
    for (const r of row.recordings) {
      const item = el("div", "cc-history-recording");
      item.append(el("span", "cc-history-recording-label", r.label));
      if (!r.playable) {
        item.append(el("span", "cc-history-url", r.url));
        box.append(item);
        continue;
      }
      const audio = el("audio", "cc-history-audio");
      audio.controls = true;
      audio.preload = "none";
      audio.src = r.url;
      audio.setAttribute("aria-label", r.label);
      const link = el("a", "cc-history-link", "↗");
      link.href = r.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.title = r.url;
      item.append(audio, link);
      box.append(item);
    }
    li.append(box);
  }
  if (row.transcription) {
    const details = el("details", "cc-history-transcription");
    details.append(el("summary", "", texts.transcription), el("p", "cc-history-transcription-text", row.transcription));
    li.append(details);
  }
  return li;
}

/** Mounts a fresh panel in `host`, replacing one left by an earlier show event. */
export function mountPanel(host: HTMLElement, compact: boolean, texts: PanelTexts): PanelView {
  host.querySelector(":scope > [data-cc-history]")?.remove();
  const root = el("section", "cc-history");
  root.setAttribute("data-cc-history", "");
  // Busy until the first answer; tests and assistive tech wait on it.
  root.setAttribute("aria-busy", "true");
  const title = el("h3", "cc-history-title", texts.title);
  const note = el("p", "cc-history-note");
  note.hidden = true;
  const status = el("p", "cc-history-message");
  status.setAttribute("role", "status");
  const list = el("ol", "cc-history-list");
  const count = el("p", "cc-history-count");
  const more = el("button", "cc-history-more", texts.more);
  more.type = "button";
  more.hidden = true;
  root.append(title, note, status, list, count, more);
  if (compact) {
    // In the header's menu space: a one-line bar; the calls open below it on a click (messages stay visible).
    root.classList.add("cc-history-bar");
    title.setAttribute("role", "button");
    title.tabIndex = 0;
    title.setAttribute("aria-expanded", "false");
    const toggle = () => title.setAttribute("aria-expanded", String(root.classList.toggle("cc-history-open")));
    title.addEventListener("click", toggle);
    title.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        toggle();
      }
    });
  }
  host.append(root);
  return {
    root,
    setStatus(text, kind = "info") {
      status.textContent = text;
      status.hidden = text === "";
      status.classList.toggle("cc-history-error", kind === "error");
    },
    setNote(text) {
      note.textContent = text;
      note.hidden = text === "";
    },
    append(rows) {
      list.append(...rows.map((r) => rowElement(r, texts)));
    },
    setFooter(text, showMore) {
      count.textContent = text;
      more.hidden = !showMore;
    },
    onMore(handler) {
      more.addEventListener("click", handler);
    },
    setBusy(busy) {
      more.disabled = busy;
      root.setAttribute("aria-busy", String(busy));
    },
  };
}
