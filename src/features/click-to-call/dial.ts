// What a click on a number does, by mode: a tel: link, the web phone in one reused window, or the API.
import { isHttpUrl } from "../safe-url";
import type { Settings } from "../../shared/settings";

/** One named window, so every click reuses the same web phone instead of opening a tab each time. */
export const WEBPHONE_WINDOW = "callconnect-phone";

export type DialAction =
  { kind: "tel"; href: string } | { kind: "webphone"; href: string } | { kind: "api"; href: string; number: string; display: string };

export interface DialTarget {
  e164: string;
  text: string;
  extension?: string;
}

export function telHref(target: DialTarget): string {
  return `tel:${target.e164}${target.extension ? `;ext=${target.extension}` : ""}`;
}

/** Null when the web-phone template does not give an http(s) URL (a broken setting: see `dialSettingError`). */
export function dialAction(clickToCall: Settings["clickToCall"], target: DialTarget): DialAction | null {
  switch (clickToCall.mode) {
    case "tel":
      return { kind: "tel", href: telHref(target) };
    case "webphone": {
      const url = clickToCall.urlTemplate.replace(/\{number\}/g, encodeURIComponent(target.e164));
      return isHttpUrl(url) ? { kind: "webphone", href: url } : null;
    }
    case "api":
      // tel: stays as the href so copying the link or opening it elsewhere still dials.
      return { kind: "api", href: telHref(target), number: target.e164, display: target.text.trim() };
  }
}

/** The setting that makes click-to-call unusable, or null when it is fine. */
export function dialSettingError(settings: Settings): string | null {
  const c = settings.clickToCall;
  if (c.mode === "webphone" && (!c.urlTemplate.includes("{number}") || !isHttpUrl(c.urlTemplate.replace(/\{number\}/g, "0"))))
    return "clickToCall.urlTemplate";
  if (c.mode === "api" && !isHttpUrl(settings.callconnect.baseUrl)) return "callconnect.baseUrl";
  return null;
}
