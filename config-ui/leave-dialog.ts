// Warning questions with kintone's own look (kuc Dialog), never window.confirm: leaving with unsaved changes, and
// any other "are you sure" of the config screen.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { Dialog } from "kintone-ui-component/lib/dialog/index.js";
import type { Translate } from "./context";
import { h } from "./dom";

/** Resolves true when the admin goes ahead; false when they do not (the cancel button, Escape or ×). */
export function confirmDialog(texts: { title: string; body: string; cancel: string; go: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = new Button({ text: texts.cancel, type: "normal" });
    const go = new Button({ text: texts.go, type: "alert" });
    const dialog = new Dialog({
      title: texts.title,
      icon: "warning",
      content: h("p", {}, texts.body),
      footer: h("div", { className: "cc-dialog-footer" }, cancel, go),
    });
    // The first answer wins: close() below also fires "close".
    dialog.addEventListener("close", () => resolve(false));
    const answer = (yes: boolean) => {
      resolve(yes);
      dialog.close();
    };
    cancel.addEventListener("click", () => answer(false));
    go.addEventListener("click", () => answer(true));
    dialog.open();
  });
}

/** Resolves true to leave. */
export function confirmLeave(t: Translate): Promise<boolean> {
  return confirmDialog({ title: t("leave.title"), body: t("leave.body"), cancel: t("leave.stay"), go: t("leave.discard") });
}
