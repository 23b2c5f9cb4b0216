// Asks before unsaved changes are thrown away, with kintone's own look (kuc Dialog), never window.confirm.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { Dialog } from "kintone-ui-component/lib/dialog/index.js";
import type { Translate } from "./context";
import { h } from "./dom";

/** Resolves true to leave; false when the admin stays (the button, Escape or ×). */
export function confirmLeave(t: Translate): Promise<boolean> {
  return new Promise((resolve) => {
    const stay = new Button({ text: t("leave.stay"), type: "normal" });
    const leave = new Button({ text: t("leave.discard"), type: "alert" });
    const dialog = new Dialog({
      title: t("leave.title"),
      icon: "warning",
      content: h("p", {}, t("leave.body")),
      footer: h("div", { className: "cc-dialog-footer" }, stay, leave),
    });
    // The first answer wins: close() below also fires "close".
    dialog.addEventListener("close", () => resolve(false));
    const answer = (leaving: boolean) => {
      resolve(leaving);
      dialog.close();
    };
    stay.addEventListener("click", () => answer(false));
    leave.addEventListener("click", () => answer(true));
    dialog.open();
  });
}
