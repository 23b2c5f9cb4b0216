// What the web phone accepts as a number: a valid phone number, or digits and the separators people write
// between them (dialled as written). Anything else (`abc`, `javascript:…`) is refused, never shown as a call.
import { formatNational, normalizePhone, splitExtension, toHalfWidth } from "../../shared/phone.js";

export const MAX_NUMBER_LENGTH = 100;

export type DialInput = { ok: true; e164: string | null; display: string } | { ok: false; shown: string };

const DIALABLE = /^\+?[\d\s\-().]+$/;

export function parseDialInput(raw: string): DialInput {
  const text = raw.trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (text === "" || text.length > MAX_NUMBER_LENGTH) return { ok: false, shown };
  const e164 = normalizePhone(text);
  const { main, extension } = splitExtension(toHalfWidth(text));
  if (e164) return { ok: true, e164, display: `${formatNational(e164)}${extension ? ` 内線 ${extension}` : ""}` };
  const digits = main.replace(/\D/g, "").length;
  if (!DIALABLE.test(main.trim()) || digits < 3 || digits > 17) return { ok: false, shown };
  return { ok: true, e164: null, display: text };
}
