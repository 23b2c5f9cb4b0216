// A kintone record → CallConnect's Customer body, with the mapping from the plugin settings.
import type { Settings } from "../settings";
import { fieldText, numbersOf, type KintoneRecord } from "../kintone/record";
import type { Customer } from "./schemas";

function recordIdOf(record: KintoneRecord): string {
  return fieldText(record.$id);
}

function updatedAtOf(record: KintoneRecord, now: () => Date): string {
  const updated = Object.values(record).find((f) => f?.type === "UPDATED_TIME");
  const text = fieldText(updated);
  return (
    text ||
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z")
  );
}

/**
 * The Customer body for one record. `numbers` may be empty: the caller then unlinks instead
 * (CallConnect only keeps records that have a phone number).
 */
export function buildCustomer(
  record: KintoneRecord,
  settings: Settings,
  appId: string | number,
  recordUrl: string,
  now: () => Date = () => new Date(),
): Customer {
  const f = settings.customer.fields;
  const text = (code: string) => (code ? fieldText(record[code]) : "");
  return {
    name: text(f.name),
    company: text(f.company),
    email: text(f.email),
    address: text(f.address),
    memo: text(f.memo),
    numbers: numbersOf(record, settings.customer.phoneFields),
    external_id: recordIdOf(record),
    external_info: `kintone|${appId}|${recordUrl}`,
    updated_at: updatedAtOf(record, now),
  };
}

/**
 * The kintone field a refusal names: CallConnect says "name: …" (docs/callconnect-api.md), the settings say which
 * field fills `name`. Null when it names none the mapping knows.
 */
export function refusedField(details: string, settings: Settings): string | null {
  const fields = settings.customer.fields as Record<string, string>;
  // "invalid_request: name: Invalid length": the first word before a colon that is a Customer field.
  for (const m of details.matchAll(/([a-z_]+)\s*:/gi)) {
    const key = m[1]!.toLowerCase();
    if (key === "numbers") return settings.customer.phoneFields.join("・") || null;
    if (fields[key]) return fields[key];
  }
  return null;
}
