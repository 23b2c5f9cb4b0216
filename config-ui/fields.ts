// Which kintone fields may be mapped to which setting. Pure: takes the shape of fields.json / layout.json.
import type { CustomerFieldKey, HistoryFieldKey, Settings } from "../src/shared/settings";
import type { LayoutRow, RawField, RawFieldProperties } from "../src/shared/kintone/form";

export type { LayoutRow, RawField, RawFieldProperties };

export interface FormField {
  code: string;
  label: string;
  type: string;
  required: boolean;
  unique: boolean;
  protocol?: string;
}

export interface AppForm {
  /** Top-level fields: the only ones a mapping may use. */
  fields: FormField[];
  /** Fields inside a table: listed so the screen can say why they are not offered. */
  subtableFields: FormField[];
}

function toField(raw: RawField): FormField {
  return {
    code: raw.code,
    label: raw.label ?? raw.code,
    type: raw.type,
    required: raw.required === true,
    unique: raw.unique === true,
    ...(raw.protocol ? { protocol: raw.protocol } : {}),
  };
}

export function appFormOf(properties: RawFieldProperties): AppForm {
  const fields: FormField[] = [];
  const subtableFields: FormField[] = [];
  for (const raw of Object.values(properties)) {
    if (raw.type === "SUBTABLE") subtableFields.push(...Object.values(raw.fields ?? {}).map(toField));
    else fields.push(toField(raw));
  }
  return { fields, subtableFields };
}

/** Element IDs of the Space fields, in form order, including those inside groups. */
export function spaceIdsOf(layout: LayoutRow[]): string[] {
  const ids: string[] = [];
  for (const row of layout) {
    for (const f of row.fields ?? []) if (f.type === "SPACER" && f.elementId) ids.push(f.elementId);
    if (row.layout) ids.push(...spaceIdsOf(row.layout));
  }
  return ids;
}

/** Space fields without an element ID: kintone cannot address them, so they cannot be offered. */
export function unnamedSpaceCount(layout: LayoutRow[]): number {
  let count = 0;
  for (const row of layout) {
    for (const f of row.fields ?? []) if (f.type === "SPACER" && !f.elementId) count++;
    if (row.layout) count += unnamedSpaceCount(row.layout);
  }
  return count;
}

/** A field type (optionally with a Link protocol) a mapping accepts. */
interface Accept {
  type: string;
  protocol?: string;
}

const text: Accept = { type: "SINGLE_LINE_TEXT" };
const multiText: Accept = { type: "MULTI_LINE_TEXT" };
const number: Accept = { type: "NUMBER" };

export type MappingTarget = "customer.phone" | `customer.${CustomerFieldKey}` | `history.${HistoryFieldKey}`;

const ACCEPTS: Record<MappingTarget, Accept[]> = {
  "customer.phone": [text, { type: "LINK", protocol: "CALL" }],
  "customer.name": [text],
  "customer.company": [text],
  "customer.email": [text, { type: "LINK", protocol: "MAIL" }],
  "customer.address": [text, multiText],
  "customer.memo": [multiText, text],
  "history.phone": [text, { type: "LINK", protocol: "CALL" }],
  "history.normalizedPhone": [text],
  "history.callId": [text],
  "history.datetime": [{ type: "DATETIME" }],
  "history.direction": [text],
  "history.status": [text],
  "history.duration": [number, text],
  "history.agent": [{ type: "USER_SELECT" }, text],
  "history.memo": [multiText, text],
  "history.recordingUrls": [text, multiText],
  "history.transcription": [multiText, text],
  "history.customer": [number, text],
  "history.result": [text],
};

/** Why a field that looks usable is refused for a mapping (a message key of the config catalogue). */
export type RefusalReason = "fields.recording_link_refused";

export function accepts(target: MappingTarget, field: FormField): boolean {
  return ACCEPTS[target].some((a) => a.type === field.type && (a.protocol === undefined || a.protocol === field.protocol));
}

/** Fields that would be accepted but for a documented reason are not: a held call has several recording URLs. */
export function refusalOf(target: MappingTarget, field: FormField): RefusalReason | null {
  if (target === "history.recordingUrls" && field.type === "LINK") return "fields.recording_link_refused";
  return null;
}

export function candidatesFor(target: MappingTarget, form: AppForm): FormField[] {
  return form.fields.filter((f) => accepts(target, f));
}

export function refusedFor(target: MappingTarget, form: AppForm): { field: FormField; reason: RefusalReason }[] {
  return form.fields.flatMap((field) => {
    const reason = refusalOf(target, field);
    return reason ? [{ field, reason }] : [];
  });
}

/** Required fields the integration would leave empty when it creates a record, so kintone rejects the record. */
export function requiredUnmapped(form: AppForm, mappedCodes: Iterable<string>): FormField[] {
  const mapped = new Set(mappedCodes);
  return form.fields.filter((f) => f.required && !mapped.has(f.code));
}

export function customerMappedCodes(settings: Settings): string[] {
  return [...settings.customer.phoneFields, ...Object.values(settings.customer.fields)].filter(Boolean);
}

export function historyMappedCodes(settings: Settings): string[] {
  return Object.values(settings.history.fields).filter(Boolean);
}

/** The call ID is the connector's update key; kintone only allows that on a unique (重複禁止) field. */
export function callIdNotUnique(form: AppForm, code: string): boolean {
  const field = form.fields.find((f) => f.code === code);
  return field !== undefined && !field.unique;
}
