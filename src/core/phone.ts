// Phone numbers in any Japanese notation, normalised to E.164 so matching is exact, never on raw text.
import { parsePhoneNumberFromString, findPhoneNumbersInText, type CountryCode } from "libphonenumber-js/min";

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
export function findPhoneNumbers(text: string, region: CountryCode = DEFAULT_REGION): PhoneMatch[] {
  // Half-width conversion maps each character to one character, so offsets stay valid.
  const ascii = toHalfWidth(text);
  const found = findPhoneNumbersInText(ascii, { defaultCountry: region });
  const matches: PhoneMatch[] = [];
  for (const f of found) {
    if (!f.number.isValid()) continue;
    let end = f.endsAt;
    let extension = f.number.ext;
    const tail = /^\s*(?:内線|ext\.?|x)\s*[:：]?\s*(\d{1,6})/i.exec(ascii.slice(end));
    if (!extension && tail) {
      extension = tail[1];
      end += tail[0].length;
    }
    matches.push({ text: text.slice(f.startsAt, end), start: f.startsAt, end, e164: f.number.number, ...(extension ? { extension } : {}) });
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
  return [...new Set([e164, national, digits, international, international.replace(/\s/g, "-"), national.replace(/-/g, " ")])];
}
