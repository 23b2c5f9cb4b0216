// Turns the phone numbers inside a field's element into call links. Text nodes only: what the user typed
// stays as it is, nothing is parsed as HTML, and an element already linked is left alone (re-render safe).
import { dialAction, WEBPHONE_WINDOW, type Agent, type DialAction } from "./dial";
import { hasPhone, segmentPhoneText } from "./segments";
import type { Settings } from "../../shared/settings";

export const LINK_ATTR = "data-cc-call";

export interface LinkOptions {
  clickToCall: Settings["clickToCall"];
  /** The link's title; with an extension it says which one to ask for, since no dialler passes it on reliably. */
  tooltip: (extension?: string) => string;
  agent: Agent;
}

function decorate(a: HTMLAnchorElement, action: DialAction, phone: { e164: string; extension?: string }, options: LinkOptions): void {
  a.href = action.href;
  a.classList.add("cc-call");
  a.title = options.tooltip(phone.extension);
  a.setAttribute(LINK_ATTR, phone.e164);
  a.setAttribute("data-cc-mode", action.kind);
  if (action.kind === "api") a.setAttribute("data-cc-display", action.display);
  if (action.kind === "api" && action.extension) a.setAttribute("data-cc-extension", action.extension);
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
      const action = phone && dialAction(options.clickToCall, phone, options.agent);
      if (phone && action && !enclosing.hasAttribute(LINK_ATTR)) {
        decorate(enclosing, action, phone, options);
        made++;
      }
      continue;
    }
    const frag = document.createDocumentFragment();
    for (const s of segments) {
      const action = s.kind === "phone" ? dialAction(options.clickToCall, s, options.agent) : null;
      if (s.kind === "text" || !action) {
        frag.append(document.createTextNode(s.text));
        continue;
      }
      const a = document.createElement("a");
      a.textContent = s.text;
      decorate(a, action, s, options);
      frag.append(a);
      made++;
    }
    node.replaceWith(frag);
  }
  return made;
}

export interface ClickHandlers {
  startCall(call: { number: string; display: string; extension?: string }): void;
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
      const extension = a.getAttribute("data-cc-extension");
      handlers.startCall({
        number: a.getAttribute(LINK_ATTR) ?? "",
        display: a.getAttribute("data-cc-display") ?? "",
        ...(extension ? { extension } : {}),
      });
    }
  });
}
