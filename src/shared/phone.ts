// Phone numbers in any Japanese notation, normalised to E.164 so matching is exact, never on raw text.
// libphonenumber-js "core" with a cut-down metadata set (./phone-metadata.ts): the full set would not fit
// the record views' bundle budget.
import { parsePhoneNumberFromString as parseWith, type CountryCode, type PhoneNumber } from "libphonenumber-js/core";
import { phoneMetadata } from "./phone-metadata";

function parsePhoneNumberFromString(text: string, region?: CountryCode): PhoneNumber | undefined {
  return region ? parseWith(text, region, phoneMetadata) : parseWith(text, phoneMetadata);
}

export const DEFAULT_REGION: CountryCode = "JP";

/** Full-width digits and symbols, and the usual Japanese separators, to their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[０-９＋（）－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[‐‑‒–—―−ー－]/g, "-")
    .replace(/\u3000/g, " ");
}

/** The extension part ("内線 123", "ext. 12", "x12") and the rest of the text. */
export function splitExtension(text: string): { main: string; extension?: string } {
  const m = /\s*(?:内線|ext\.?|extension|x)\s*[:：]?\s*(\d{1,6})\s*$/i.exec(text);
  if (!m || m.index === 0) return { main: text };
  return { main: text.slice(0, m.index), extension: m[1] };
}

/** E.164 form of one number ("+81312345678"), or null when the text is not a valid phone number. */
export function normalizePhone(text: string, region: CountryCode = DEFAULT_REGION): string | null {
  const { main } = splitExtension(toHalfWidth(text).trim());
  if (!/\d/.test(main)) return null;
  const parsed = parsePhoneNumberFromString(main, region);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export interface PhoneMatch {
  /** Exactly as it stands in the text, for display. */
  text: string;
  start: number;
  end: number;
  e164: string;
  extension?: string;
}

/**
 * Every phone number in a field's text, e.g. "03-1234-5678 / 090-1111-2222" or "03-1234-5678 内線 12".
 * Offsets refer to the original text, so the display keeps what the user typed.
 */
// Runs of digits and the separators people put between them. libphonenumber's own text matcher would
// cost 7 KB gzipped in the browser; each run is instead split on spaces and checked by its parser.
const CANDIDATE = /\+?\(?\d[\d\s().\-]*\d/g;
/** "+81 3 1234 5678" has four groups; bounding them keeps a long run of digits linear. */
const MAX_GROUPS = 5;
const EXTENSION_TAIL = /^\s*(?:内線|ext\.?|x)\s*[:：]?\s*(\d{1,6})/i;

/** From each token, the longest span of up to MAX_GROUPS space-separated tokens that parses as a valid number. */
function numbersInRun(ascii: string, runStart: number, run: string, region: CountryCode): { start: number; end: number; e164: string }[] {
  const tokens = [...run.matchAll(/\S+/g)].map((t) => ({ start: runStart + t.index, end: runStart + t.index + t[0].length }));
  const found: { start: number; end: number; e164: string }[] = [];
  for (let i = 0; i < tokens.length;) {
    let matched = false;
    for (let j = Math.min(tokens.length, i + MAX_GROUPS) - 1; j >= i; j--) {
      const start = tokens[i]!.start;
      const end = tokens[j]!.end;
      const candidate = ascii.slice(start, end);
      // E.164 allows at most 15 digits; no country's full number has fewer than 7. Skips most parses.
      const digits = candidate.replace(/\D/g, "").length;
      if (digits < 7 || digits > 17) continue;
      const parsed = parsePhoneNumberFromString(candidate, region);
      if (parsed && parsed.isValid()) {
        found.push({ start, end, e164: parsed.number });
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (!matched) i++;
  }
  return found;
}

/**
 * Every phone number in a field's text, e.g. "03-1234-5678 / 090-1111-2222" or "03-1234-5678 内線 12".
 * Offsets refer to the original text, so the display keeps what the user typed.
 */
export function findPhoneNumbers(text: string, region: CountryCode = DEFAULT_REGION): PhoneMatch[] {
  // Half-width conversion maps each character to one character, so offsets stay valid.
  const ascii = toHalfWidth(text);
  const matches: PhoneMatch[] = [];
  for (const run of ascii.matchAll(CANDIDATE)) {
    for (const f of numbersInRun(ascii, run.index, run[0], region)) {
      let end = f.end;
      let extension: string | undefined;
      const tail = EXTENSION_TAIL.exec(ascii.slice(end));
      if (tail) {
        extension = tail[1];
        end += tail[0].length;
      }
      matches.push({ text: text.slice(f.start, end), start: f.start, end, e164: f.e164, ...(extension ? { extension } : {}) });
    }
  }
  return matches;
}

/** Japanese domestic notation of an E.164 number ("03-1234-5678"), for people. */
export function formatNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational() : e164;
}

/**
 * The notations under which other systems may have stored the same number as text,
 * for an `in (...)` query over history written without a normalised-number field.
 */
export function notationsOf(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = parsed.formatNational();
  const digits = national.replace(/\D/g, "");
  const international = parsed.formatInternational();
  // "+81 3-1234-5678": the country code, then the national groups without the trunk 0.
  const mixed = `+${parsed.countryCallingCode} ${national.replace(/^0/, "")}`;
  const fullWidth = national.replace(/[0-9-]/g, (c) => (c === "-" ? "－" : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  return [
    ...new Set([e164, national, digits, international, international.replace(/\s/g, "-"), national.replace(/-/g, " "), mixed, fullWidth]),
  ];
}
