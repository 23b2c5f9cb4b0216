// A field's text cut into plain text and phone numbers; the numbers keep exactly what the user typed.
import { findPhoneNumbers } from "../../shared/phone";

export type Segment = { kind: "text"; text: string } | { kind: "phone"; text: string; e164: string; extension?: string };

export function segmentPhoneText(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of findPhoneNumbers(text)) {
    if (m.start > at) out.push({ kind: "text", text: text.slice(at, m.start) });
    out.push({ kind: "phone", text: m.text, e164: m.e164, ...(m.extension ? { extension: m.extension } : {}) });
    at = m.end;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

export function hasPhone(segments: Segment[]): boolean {
  return segments.some((s) => s.kind === "phone");
}
