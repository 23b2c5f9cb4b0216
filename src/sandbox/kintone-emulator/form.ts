// Builders for form field properties with kintone's defaults filled in, for seeds and tests.
import type { KintoneFormFieldProperty as P } from "@kintone/rest-api-client";

type Common = { label?: string; required?: boolean; noLabel?: boolean };
const base = (code: string, o: Common) => ({ code, label: o.label ?? code, noLabel: o.noLabel ?? false, required: o.required ?? false });
const options = (values: string[]) => Object.fromEntries(values.map((v, index) => [v, { label: v, index: String(index) }]));

export const field = {
  text: (
    code: string,
    o: Common & { unique?: boolean; maxLength?: number; minLength?: number; defaultValue?: string } = {},
  ): P.SingleLineText => ({
    type: "SINGLE_LINE_TEXT",
    ...base(code, o),
    defaultValue: o.defaultValue ?? "",
    unique: o.unique ?? false,
    minLength: o.minLength === undefined ? "" : String(o.minLength),
    maxLength: o.maxLength === undefined ? "" : String(o.maxLength),
    expression: "",
    hideExpression: false,
  }),
  multiLine: (code: string, o: Common & { defaultValue?: string } = {}): P.MultiLineText => ({
    type: "MULTI_LINE_TEXT",
    ...base(code, o),
    defaultValue: o.defaultValue ?? "",
  }),
  number: (code: string, o: Common & { unique?: boolean; minValue?: number; maxValue?: number; defaultValue?: string } = {}): P.Number => ({
    type: "NUMBER",
    ...base(code, o),
    defaultValue: o.defaultValue ?? "",
    unique: o.unique ?? false,
    minValue: o.minValue === undefined ? "" : String(o.minValue),
    maxValue: o.maxValue === undefined ? "" : String(o.maxValue),
    digit: false,
    displayScale: "",
    unit: "",
    unitPosition: "BEFORE",
  }),
  link: (code: string, protocol: "WEB" | "CALL" | "MAIL", o: Common & { unique?: boolean; maxLength?: number } = {}): P.Link => ({
    type: "LINK",
    ...base(code, o),
    defaultValue: "",
    unique: o.unique ?? false,
    protocol,
    minLength: "",
    maxLength: o.maxLength === undefined ? "" : String(o.maxLength),
  }),
  date: (code: string, o: Common & { unique?: boolean; defaultNowValue?: boolean } = {}): P.Date => ({
    type: "DATE",
    ...base(code, o),
    defaultValue: "",
    unique: o.unique ?? false,
    defaultNowValue: o.defaultNowValue ?? false,
  }),
  dateTime: (code: string, o: Common & { unique?: boolean; defaultNowValue?: boolean } = {}): P.DateTime => ({
    type: "DATETIME",
    ...base(code, o),
    defaultValue: "",
    unique: o.unique ?? false,
    defaultNowValue: o.defaultNowValue ?? false,
  }),
  time: (code: string, o: Common & { defaultNowValue?: boolean } = {}): P.Time => ({
    type: "TIME",
    ...base(code, o),
    defaultValue: "",
    defaultNowValue: o.defaultNowValue ?? false,
  }),
  dropDown: (code: string, values: string[], o: Common & { defaultValue?: string } = {}): P.Dropdown => ({
    type: "DROP_DOWN",
    ...base(code, o),
    defaultValue: o.defaultValue ?? "",
    options: options(values),
  }),
  radio: (code: string, values: string[], o: Common & { defaultValue?: string } = {}): P.RadioButton => ({
    type: "RADIO_BUTTON",
    ...base(code, o),
    defaultValue: o.defaultValue ?? values[0] ?? "",
    options: options(values),
    align: "HORIZONTAL",
  }),
  checkBox: (code: string, values: string[], o: Common & { defaultValue?: string[] } = {}): P.CheckBox => ({
    type: "CHECK_BOX",
    ...base(code, o),
    defaultValue: o.defaultValue ?? [],
    options: options(values),
    align: "HORIZONTAL",
  }),
  user: (code: string, o: Common = {}): P.UserSelect => ({
    type: "USER_SELECT",
    ...base(code, o),
    defaultValue: [],
    entities: [],
  }),
  subtable: (code: string, fields: Record<string, P.InSubtable>, o: { label?: string } = {}): P.Subtable<Record<string, P.InSubtable>> => ({
    type: "SUBTABLE",
    code,
    label: o.label ?? code,
    noLabel: false,
    fields,
  }),
};

/** A property map keyed by code, as AppDefinition.properties wants it. */
export function form(...fields: P.OneOf[]): Record<string, P.OneOf> {
  return Object.fromEntries(fields.map((f) => [f.code, f]));
}
