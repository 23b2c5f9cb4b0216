// Non-blocking notifications: a polite live region in a corner; text only. A notification with the same
// topic replaces the previous one, so "will retry" is cleared by a later "sent".
const HIDE_AFTER_MS = 8000;

export type NotifyKind = "info" | "success" | "error";

function region(): HTMLElement {
  let el = document.querySelector<HTMLElement>("[data-cc-notifications]");
  if (!el) {
    el = document.createElement("div");
    el.className = "cc-notifications";
    el.setAttribute("data-cc-notifications", "");
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    document.body.append(el);
  }
  return el;
}

export function notify(message: string, kind: NotifyKind, topic: string): void {
  const box = region();
  box.querySelector(`[data-cc-topic="${CSS.escape(topic)}"]`)?.remove();
  const item = document.createElement("div");
  item.className = `cc-notification cc-notification-${kind}`;
  item.setAttribute("data-cc-topic", topic);
  const text = document.createElement("span");
  text.textContent = message;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "cc-notification-close";
  close.textContent = "×";
  close.setAttribute("aria-label", "close");
  close.addEventListener("click", () => item.remove());
  item.append(text, close);
  box.append(item);
  // Errors stay until closed; the rest fade on their own.
  if (kind !== "error") setTimeout(() => item.remove(), HIDE_AFTER_MS);
}

export function clearNotification(topic: string): void {
  document.querySelector(`[data-cc-notifications] [data-cc-topic="${CSS.escape(topic)}"]`)?.remove();
}
