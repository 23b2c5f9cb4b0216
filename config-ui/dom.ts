// Small DOM helpers for the config screen. Text always goes in as textContent, never as HTML.

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}

/** A titled block, as kintone's own settings pages group their rows. */
export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h(
    "section",
    { className: "cc-section", attrs: { "aria-labelledby": `cc-h-${id}` } },
    h("h2", { className: "cc-section-title", attrs: { id: `cc-h-${id}` } }, title),
    ...children,
  );
}

/** Wraps one control so tests and error placement can find it by the setting it edits. */
export function row(target: string, ...children: Child[]): HTMLElement {
  return h("div", { className: "cc-row", attrs: { "data-setting": target } }, ...children);
}

/** A list of notes (warnings or hints) whose content is replaced as a whole. */
export function noteBox(kind: "warning" | "info"): { el: HTMLElement; set(lines: string[]): void } {
  const el = h("div", { className: `cc-note cc-note-${kind}`, attrs: { role: kind === "warning" ? "alert" : "note" } });
  el.hidden = true;
  return {
    el,
    set(lines) {
      el.replaceChildren(...lines.map((l) => h("p", {}, l)));
      el.hidden = lines.length === 0;
    },
  };
}

/** Raw error text for whoever needs it, folded under a plain sentence so it does not become the message. */
export function folded(summary: string, text: string): HTMLElement | null {
  if (!text) return null;
  return h("details", { className: "cc-details" }, h("summary", {}, summary), h("code", {}, text));
}
