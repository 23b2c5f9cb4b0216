// The kintone record model shared by the record views and the connector: a record as kintone gives it, its text.
import { findPhoneNumbers, normalizePhone } from "../phone";

/** A record as kintone's events and records.json give it: field code → { type, value }. */
export type KintoneRecord = Record<string, { type?: string; value?: unknown } | undefined>;

/** Readable text of any field value: strings as they are, choices joined, users/orgs by name. */
export function fieldText(field: { value?: unknown } | undefined): string {
  const value = field?.value;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value))
    return value
      .map((x) => fieldText({ value: x }))
      .filter(Boolean)
      .join(", ");
  if (value && typeof value === "object" && "name" in value) return String((value as { name: unknown }).name ?? "");
  return "";
}

/** Every E.164 number found in the given fields, in field order, without repeats. */
export function numbersOf(record: KintoneRecord, phoneFields: readonly string[]): string[] {
  const found: string[] = [];
  for (const code of phoneFields) {
    const text = fieldText(record[code]);
    const matches = findPhoneNumbers(text).map((m) => m.e164);
    // findPhoneNumbersInText misses some bare digit strings a person would still call a number.
    const all = matches.length ? matches : [normalizePhone(text)].filter((x): x is string => x !== null);
    for (const n of all) if (!found.includes(n)) found.push(n);
  }
  return found;
}

/**
 * The record's detail URL, the link CallConnect keeps in external_info. One function for the browser push and
 * the connector, so both write the same link and never flip it back and forth. `pathname` is the page the
 * link is made from (a guest space's path keeps the guest prefix); the connector passes "/".
 */
export function recordUrl(location: { origin: string; pathname: string }, appId: number | string, recordId: number | string): string {
  const guest = /^\/k\/(?:m\/)?guest\/(\d+)\//.exec(location.pathname);
  const prefix = guest ? `/k/guest/${guest[1]}` : "/k";
  return `${location.origin}${prefix}/${appId}/show#record=${recordId}`;
}

/** The app's create page; `params` go in its query (the screen pop's prefill reads them). */
export function createRecordUrl(
  location: { origin: string; pathname: string },
  appId: number | string,
  params: Record<string, string>,
): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return recordUrl(location, appId, "").replace(/\/show#record=$/, `/edit${query ? `?${query}` : ""}`);
}
