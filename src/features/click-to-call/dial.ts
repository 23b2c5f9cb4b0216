// What a click on a number does, by mode: a tel: link, the web phone in one reused window, or the API.
import { isHttpUrl } from "../safe-url";
import type { Settings } from "../../shared/settings";

/** One named window, so every click reuses the same web phone instead of opening a tab each time. */
export const WEBPHONE_WINDOW = "callconnect-phone";

export type DialAction =
  | { kind: "tel"; href: string }
  | { kind: "webphone"; href: string }
  | { kind: "api"; href: string; number: string; display: string; extension?: string };

export interface DialTarget {
  e164: string;
  text: string;
  extension?: string;
}

/** The kintone user who clicked: CallConnect credits the call to them. */
export interface Agent {
  code: string;
  email: string;
}

export function telHref(target: DialTarget): string {
  return `tel:${target.e164}${target.extension ? `;ext=${target.extension}` : ""}`;
}

/**
 * The web phone's URL: `{number}` (E.164), `{extension}` (empty without one) and `{user}` (the kintone login
 * code), each URL-encoded. One pass, so a value can never bring in a placeholder of its own.
 */
export function webPhoneUrl(template: string, values: { number: string; extension?: string; user: string }): string {
  return template.replace(/\{(number|extension|user)\}/g, (_, name: "number" | "extension" | "user") =>
    encodeURIComponent(values[name] ?? ""),
  );
}

/** Null when the web-phone template does not give an http(s) URL (a broken setting: see `dialSettingError`). */
export function dialAction(clickToCall: Settings["clickToCall"], target: DialTarget, agent: Agent): DialAction | null {
  switch (clickToCall.mode) {
    case "tel":
      return { kind: "tel", href: telHref(target) };
    case "webphone": {
      const url = webPhoneUrl(clickToCall.urlTemplate, { number: target.e164, extension: target.extension, user: agent.code });
      return isHttpUrl(url) ? { kind: "webphone", href: url } : null;
    }
    case "api":
      // tel: stays as the href so copying the link or opening it elsewhere still dials.
      return {
        kind: "api",
        href: telHref(target),
        number: target.e164,
        display: target.text.trim(),
        ...(target.extension ? { extension: target.extension } : {}),
      };
  }
}

/**
 * The API's start-call body: what the client's `startCall` declares, plus the extension and the agent.
 * The client sends the object as it is; a CallConnect that does not know a field ignores it.
 */
export function startCallBody(call: { number: string; display: string; extension?: string }, agent: Agent) {
  return { ...call, agent: { code: agent.code, email: agent.email } };
}

/** The setting that makes click-to-call unusable, or null when it is fine. */
export function dialSettingError(settings: Settings): string | null {
  const c = settings.clickToCall;
  if (c.mode === "webphone" && (!c.urlTemplate.includes("{number}") || !isHttpUrl(webPhoneUrl(c.urlTemplate, { number: "0", user: "u" }))))
    return "clickToCall.urlTemplate";
  if (c.mode === "api" && !isHttpUrl(settings.callconnect.baseUrl)) return "callconnect.baseUrl";
  return null;
}
