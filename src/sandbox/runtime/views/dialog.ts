// kintone's in-page confirmation dialog (delete): a modal box over the page, never the browser's confirm().
// Resolves true for OK, false for cancel, Escape or a click beside the box.
import { h } from "../dom";

export function confirmDialog(message: string, words: { ok: string; cancel: string; title: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const before = document.activeElement as HTMLElement | null;
    const close = (answer: boolean) => {
      overlay.remove();
      document.removeEventListener("keydown", onKey, true);
      before?.focus?.();
      resolve(answer);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close(false);
      }
    };
    const cancel = h(
      "button",
      { className: "k-dialog-cancel", attrs: { type: "button" }, on: { click: () => close(false) } },
      words.cancel,
    );
    const ok = h("button", { className: "k-primary k-dialog-ok", attrs: { type: "button" }, on: { click: () => close(true) } }, words.ok);
    const box = h(
      "div",
      {
        className: "k-dialog",
        attrs: { role: "alertdialog", "aria-modal": "true", "aria-labelledby": "k-dialog-title", "aria-describedby": "k-dialog-message" },
      },
      h("h2", { attrs: { id: "k-dialog-title" } }, words.title),
      h("p", { attrs: { id: "k-dialog-message" } }, message),
      h("div", { className: "k-dialog-actions" }, cancel, ok),
    );
    const overlay = h("div", { className: "k-dialog-overlay", on: { click: (e) => e.target === overlay && close(false) } }, box);
    document.addEventListener("keydown", onKey, true);
    document.body.append(overlay);
    cancel.focus();
  });
}
