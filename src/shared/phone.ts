// Phone numbers as people write them, normalised to E.164 so matching is exact, never on raw text.
// A number is dialled as written, never re-interpreted: "+44 20 …", "0044 20 …" and "010 44 20 …" are the UK,
// and a number with neither a country code nor Japan's trunk 0 is not guessed at. Japanese numbers are checked
// against libphonenumber's Japanese metadata (its number patterns); other countries only by calling code and length
// (./phone-metadata.ts), because the full metadata would not fit the record views' bundle budget.
import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/core";
import { CALLING_CODE_LENGTHS, phoneMetadata } from "./phone-metadata";

const parseJapanese = (text: string): PhoneNumber | undefined => parsePhoneNumberFromString(text, "JP", phoneMetadata);

/** The calling codes checked against libphonenumber's metadata ("81"). */
const FULL_CODES = Object.keys(phoneMetadata.country_calling_codes);
/** Every calling code: the shortest and longest national number, e.g. "44" → [7, 10]. */
const NATIONAL_LENGTHS = new Map<string, [number, number]>();
for (const group of CALLING_CODE_LENGTHS.split(",")) {
  const [range = "", codes = ""] = group.split(":");
  const [lo = 0, hi = lo] = range.split("-").map(Number);
  for (const code of codes.split(" ")) NATIONAL_LENGTHS.set(code, [lo, hi]);
}
const E164_MAX_DIGITS = 15;
const SEPARATORS = /[\s().-]/g;

/** Full-width digits and symbols, and the usual Japanese separators, to their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[０-９＋（）－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[‐‑‒–—―−ー－]/g, "-")
    .replace(/\u3000/g, " ");
}

// "内線 123", "ext. 12", "x12", also in brackets: "（内線12）".
const EXTENSION_WORD = String.raw`(?:内線|ext\.?|extension|x)\s*[:：]?\s*(\d{1,6})`;
const EXTENSION = String.raw`(?:[(（]\s*${EXTENSION_WORD}\s*[)）]|${EXTENSION_WORD})`;
const EXTENSION_AT_END = new RegExp(String.raw`\s*${EXTENSION}\s*$`, "i");
const EXTENSION_NEXT = new RegExp(String.raw`^\s*${EXTENSION}`, "i");

/** The extension part ("内線 123", "ext. 12", "x12") and the rest of the text. */
export function splitExtension(text: string): { main: string; extension?: string } {
  const m = EXTENSION_AT_END.exec(text);
  if (!m || m.index === 0) return { main: text };
  return { main: text.slice(0, m.index), extension: m[1] ?? m[2] };
}

/** What follows "+" (or an international prefix): Japan by its metadata, elsewhere as written if code and length fit. */
function international(rest: string): string | null {
  // "+44 (0)20 …": the bracketed 0 is the trunk prefix for callers inside the country, never dialled from abroad.
  const digits = rest.replace("(0)", "").replace(SEPARATORS, "");
  if (!/^\d+$/.test(digits) || digits.length > E164_MAX_DIGITS) return null;
  if (FULL_CODES.some((code) => digits.startsWith(code))) return japanese(`+${rest}`);
  for (let n = 1; n <= 3; n++) {
    const lengths = NATIONAL_LENGTHS.get(digits.slice(0, n));
    // Calling codes are prefix-free: the first prefix that is one is the only one.
    if (lengths) return digits.length - n >= lengths[0] && digits.length - n <= lengths[1] ? `+${digits}` : null;
  }
  return null;
}

function japanese(text: string): string | null {
  const parsed = parseJapanese(text);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** E.164 of one number written on its own (no extension, half-width), or null. */
function parseNumber(text: string): string | null {
  if (text.startsWith("+")) return international(text.slice(1));
  // 010 is Japan's international prefix; no Japanese number starts with it.
  if (text.startsWith("010")) return international(text.slice(3));
  // 00 is the international prefix of most countries, but also starts the Japanese carriers' free-dial numbers
  // (0037-6…, 0066-…, 0077-…, 0088-…): those are Japanese, every other 00 dials abroad.
  if (text.startsWith("00")) return /^00(?:37|66|77|88)/.test(text.replace(SEPARATORS, "")) ? japanese(text) : international(text.slice(2));
  // Without a country code only the trunk 0 says "Japanese": "20 7946 0958" or "(212) 555-0123" is not guessed at.
  return /^\(?0/.test(text) ? japanese(text) : null;
}

/** E.164 form of one number ("+81312345678"), or null when the text is not a valid phone number. */
export function normalizePhone(text: string): string | null {
  return parseNumber(splitExtension(toHalfWidth(text).trim()).main);
}

export interface PhoneMatch {
  /** Exactly as it stands in the text, for display. */
  text: string;
  start: number;
  end: number;
  e164: string;
  extension?: string;
}

// Runs of digits and the separators people put between them. libphonenumber's own text matcher would
// cost 7 KB gzipped in the browser; each run is instead split on spaces and checked by parseNumber.
const CANDIDATE = /\+?\(?\d[\d\s().-]*\d/g;
/** "00 33 1 23 45 67 89" has seven groups; bounding them keeps a long run of digits linear. */
const MAX_GROUPS = 8;
/** No country's number has fewer than 7 digits with its code; "010" + 15 digits is the longest. Skips most parses. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 18;

/** From each token, the longest span of up to MAX_GROUPS space-separated tokens that is a valid number. */
function numbersInRun(ascii: string, runStart: number, run: string): { start: number; end: number; e164: string }[] {
  const tokens = [...run.matchAll(/\S+/g)].map((t) => ({ start: runStart + t.index, end: runStart + t.index + t[0].length }));
  const found: { start: number; end: number; e164: string }[] = [];
  for (let i = 0; i < tokens.length;) {
    let matched = false;
    for (let j = Math.min(tokens.length, i + MAX_GROUPS) - 1; j >= i; j--) {
      const start = tokens[i]!.start;
      const end = tokens[j]!.end;
      const candidate = ascii.slice(start, end);
      const digits = candidate.replace(/\D/g, "").length;
      if (digits < MIN_DIGITS || digits > MAX_DIGITS) continue;
      const e164 = parseNumber(candidate);
      if (e164) {
        found.push({ start, end, e164 });
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
 * Every phone number in a field's text, e.g. "03-1234-5678 / +44 20 7946 0958" or "03-1234-5678 内線 12".
 * Offsets refer to the original text, so the display keeps what the user typed.
 */
export function findPhoneNumbers(text: string): PhoneMatch[] {
  // Half-width conversion maps each character to one character, so offsets stay valid.
  const ascii = toHalfWidth(text);
  const matches: PhoneMatch[] = [];
  for (const run of ascii.matchAll(CANDIDATE)) {
    for (const f of numbersInRun(ascii, run.index, run[0])) {
      let end = f.end;
      const tail = EXTENSION_NEXT.exec(ascii.slice(end));
      const extension = tail ? (tail[1] ?? tail[2]) : undefined;
      if (tail) end += tail[0].length;
      matches.push({ text: text.slice(f.start, end), start: f.start, end, e164: f.e164, ...(extension ? { extension } : {}) });
    }
  }
  return matches;
}

/** How a person in Japan writes the number: "03-1234-5678" for a Japanese one, E.164 for any other country. */
export function formatNational(e164: string): string {
  const parsed = parseJapanese(e164);
  return parsed ? parsed.formatNational() : e164;
}

/**
 * The notations under which other systems may have stored the same number as text,
 * for an `in (...)` query over history written without a normalised-number field.
 */
export function notationsOf(e164: string): string[] {
  const parsed = parseJapanese(e164);
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

/** Japanese mobile numbers (070/080/090, and 020 for data lines); elsewhere the first phone field is used. */
export function isMobileNumber(e164: string): boolean {
  return /^\+81(?:[789]0|20)\d{8}$/.test(e164);
}

/** A phone field meant for mobiles, by its code: 携帯, ケータイ, mobile or cell. */
export function isMobileField(code: string): boolean {
  return /携帯|ケータイ|mobile|cell/i.test(code);
}

/** The phone field a new customer's number goes in: a mobile number in a mobile field when there is one. */
export function phoneFieldFor(e164: string | null, phoneFields: readonly string[]): string | undefined {
  return (e164 && isMobileNumber(e164) && phoneFields.find(isMobileField)) || phoneFields[0];
}
