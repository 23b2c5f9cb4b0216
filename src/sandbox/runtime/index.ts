// The browser runtime: defines `kintone` before the plugin's scripts load, then renders the page and fires
// its events once every script has registered its handlers (DOMContentLoaded).
import { BOOT_ELEMENT_ID, type BootData } from "./boot-data";
import { createEventBus } from "./events";
import { createKintoneGlobal } from "./kintone-global";
import { createState, type PageState } from "./state";
import { content, errorBanner } from "./dom";
import { errorText } from "./views/common";
import { renderList } from "./views/list";
import { renderDetail } from "./views/detail";
import { renderForm } from "./views/form";
import { renderPortal } from "./views/portal";
import type { EventBus } from "./events";

const bootEl = document.getElementById(BOOT_ELEMENT_ID);
if (!bootEl) throw new Error("kintone sandbox runtime: no boot data on this page");
const boot = JSON.parse(bootEl.textContent ?? "{}") as BootData;
const state = createState(boot);
const bus = createEventBus((err) => console.error("kintone event handler failed:", err));
(window as unknown as { kintone: unknown }).kintone = createKintoneGlobal(state, bus);

function hashParams(): URLSearchParams {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

async function render(s: PageState, b: EventBus): Promise<void> {
  const search = new URLSearchParams(location.search);
  switch (s.boot.page) {
    case "portal":
      return renderPortal(s);
    case "index":
    case "m-index":
      return renderList(s, b);
    case "show": {
      const id = hashParams().get("record") ?? "";
      return hashParams().get("mode") === "edit" ? renderForm(s, b, id) : renderDetail(s, b, id);
    }
    case "m-show":
      return renderDetail(s, b, s.boot.recordId ?? "");
    case "create":
      return renderForm(s, b, null);
    case "m-create":
      return renderForm(s, b, search.get("record"));
    case "config":
      return; // the plugin's config.js draws the screen itself
  }
}

// kintone reloads the record page when its hash changes (detail ⇄ edit).
if (boot.page === "show") window.addEventListener("hashchange", () => location.reload());

document.addEventListener("DOMContentLoaded", () => {
  render(state, bus).then(
    () => document.body.setAttribute("data-k-ready", "true"),
    (err: unknown) => {
      document.body.setAttribute("data-k-ready", "error");
      if (boot.page !== "config") content().prepend(errorBanner(errorText(err)));
    },
  );
});
