// Turns the phone numbers inside a field's element into call links. Text nodes only: what the user typed
// stays as it is, nothing is parsed as HTML, and an element already linked is left alone (re-render safe).
import { dialAction, WEBPHONE_WINDOW, type DialAction } from "./dial";
import { hasPhone, segmentPhoneText } from "./segments";
import type { Settings } from "../../shared/settings";

export const LINK_ATTR = "data-cc-call";

export interface LinkOptions {
  clickToCall: Settings["clickToCall"];
  tooltip: string;
}

function decorate(a: HTMLAnchorElement, action: DialAction, e164: string, tooltip: string): void {
  a.href = action.href;
  a.classList.add("cc-call");
  a.title = tooltip;
  a.setAttribute(LINK_ATTR, e164);
  a.setAttribute("data-cc-mode", action.kind);
  if (action.kind === "api") a.setAttribute("data-cc-display", action.display);
  if (action.kind === "webphone") a.target = WEBPHONE_WINDOW;
}

/** Links every number in `el`; returns how many links it made. */
export function linkifyElement(el: HTMLElement, options: LinkOptions): number {
  if (el.querySelector(`[${LINK_ATTR}]`)) return 0;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  let made = 0;
  for (const node of texts) {
    const segments = segmentPhoneText(node.data);
    if (!hasPhone(segments)) continue;
    const enclosing = node.parentElement?.closest("a");
    if (enclosing && el.contains(enclosing)) {
      // A LINK (protocol CALL) field is already an anchor: re-point it instead of nesting links.
      const phone = segments.find((s) => s.kind === "phone");
      const action = phone && dialAction(options.clickToCall, phone);
      if (phone && action && !enclosing.hasAttribute(LINK_ATTR)) {
        decorate(enclosing, action, phone.e164, options.tooltip);
        made++;
      }
      continue;
    }
    const frag = document.createDocumentFragment();
    for (const s of segments) {
      const action = s.kind === "phone" ? dialAction(options.clickToCall, s) : null;
      if (s.kind === "text" || !action) {
        frag.append(document.createTextNode(s.text));
        continue;
      }
      const a = document.createElement("a");
      a.textContent = s.text;
      decorate(a, action, s.e164, options.tooltip);
      frag.append(a);
      made++;
    }
    node.replaceWith(frag);
  }
  return made;
}

export interface ClickHandlers {
  startCall(number: string, display: string): void;
}

let installed = false;

/** One delegated listener for every call link on the page (a 500-row list needs no 1,000 listeners). */
export function installClickHandler(handlers: ClickHandlers): void {
  if (installed) return;
  installed = true;
  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest?.(`a[${LINK_ATTR}]`);
    if (!(a instanceof HTMLAnchorElement)) return;
    const mode = a.getAttribute("data-cc-mode");
    if (mode === "webphone") {
      ev.preventDefault();
      // The admin-configured phone URL; "noopener" would make window.open return null and lose the handle.
      const w = window.open(a.href, WEBPHONE_WINDOW);
      w?.focus();
    } else if (mode === "api") {
      ev.preventDefault();
      handlers.startCall(a.getAttribute(LINK_ATTR) ?? "", a.getAttribute("data-cc-display") ?? "");
    }
  });
}
