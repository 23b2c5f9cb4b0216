// The apps this product works with, as kintone form JSON: 「顧客管理」 and 「通話履歴」 (CallConnect's template plus what
// this product uses). One source for the sandbox's seed, `npm run setup` and the config screen's 「通話履歴アプリを作成」.
import type { Settings } from "../settings";

/** A field as POST preview/app/form/fields.json takes it and GET fields.json gives it back. */
export interface TemplateField {
  type: string;
  code: string;
  label: string;
  [key: string]: unknown;
}
export type TemplateProperties = Record<string, TemplateField>;
/** A layout row as PUT preview/app/form/layout.json takes it. */
export interface TemplateRow {
  type: "ROW" | "SUBTABLE" | "GROUP";
  code?: string;
  fields?: Record<string, unknown>[];
}
export interface AppTemplate {
  name: string;
  properties: TemplateProperties;
  layout: TemplateRow[];
}

export const CUSTOMER_APP_NAME = "顧客管理";
export const HISTORY_APP_NAME = "通話履歴";
/** The Space element the call-history panel renders into. */
export const PANEL_SPACE_ID = "call_history";
/** The 関連レコード一覧 on the customer app listing its calls. */
export const HISTORY_REFERENCE_CODE = "通話履歴";
export const CUSTOMER_PHONE_FIELD = "電話番号";

const common = (type: string, code: string, label: string) => ({ type, code, label, noLabel: false, required: false });
const text = (code: string, label: string, extra: Record<string, unknown> = {}): TemplateField => ({
  ...common("SINGLE_LINE_TEXT", code, label),
  defaultValue: "",
  unique: false,
  minLength: "",
  maxLength: "",
  expression: "",
  hideExpression: false,
  ...extra,
});
const multi = (code: string, label: string): TemplateField => ({ ...common("MULTI_LINE_TEXT", code, label), defaultValue: "" });
const link = (code: string, label: string, protocol: "WEB" | "CALL" | "MAIL"): TemplateField => ({
  ...common("LINK", code, label),
  defaultValue: "",
  unique: false,
  minLength: "",
  maxLength: "",
  protocol,
});
const num = (code: string, label: string, unit = ""): TemplateField => ({
  ...common("NUMBER", code, label),
  defaultValue: "",
  unique: false,
  minValue: "",
  maxValue: "",
  digit: false,
  displayScale: "",
  unit,
  unitPosition: "AFTER",
});
const cell = (type: string, code: string, width = "240") => ({ type, code, size: { width } });
const area = (code: string, width = "500") => ({ type: "MULTI_LINE_TEXT", code, size: { width, innerHeight: "90" } });
const row = (...fields: Record<string, unknown>[]): TemplateRow => ({ type: "ROW", fields });
const systemRow = () =>
  row(
    cell("CREATOR", "作成者", "160"),
    cell("CREATED_TIME", "作成日時", "160"),
    cell("MODIFIER", "更新者", "160"),
    cell("UPDATED_TIME", "更新日時", "160"),
  );

/** The history app's fields by what the product stores in them (the settings' history mapping). */
export const HISTORY_MAPPING: Settings["history"]["fields"] = {
  phone: "TEL",
  normalizedPhone: "TEL_E164",
  callId: "CallID",
  datetime: "日時",
  direction: "Direction",
  status: "Status",
  duration: "Duration",
  agent: "担当者",
  memo: "Memo",
  recordingUrls: "URL",
  transcription: "文字起こし",
  customer: "顧客レコード番号",
  result: "対応結果",
};

export function historyTemplate(): AppTemplate {
  return {
    name: HISTORY_APP_NAME,
    properties: {
      TEL: text("TEL", "電話番号"),
      TEL_E164: text("TEL_E164", "電話番号(E.164)"),
      CallID: text("CallID", "通話ID", { unique: true }),
      日時: { ...common("DATETIME", "日時", "日時"), defaultValue: "", unique: false, defaultNowValue: false },
      Direction: text("Direction", "発着信"),
      Status: text("Status", "状態"),
      Duration: num("Duration", "通話時間", "秒"),
      担当者: { ...common("USER_SELECT", "担当者", "担当者"), defaultValue: [], entities: [] },
      Memo: multi("Memo", "メモ"),
      URL: multi("URL", "録音URL"),
      文字起こし: multi("文字起こし", "文字起こし"),
      顧客レコード番号: num("顧客レコード番号", "顧客レコード番号"),
      対応結果: text("対応結果", "対応結果"),
    },
    layout: [
      row(cell("RECORD_NUMBER", "レコード番号", "120"), cell("DATETIME", "日時", "200"), cell("SINGLE_LINE_TEXT", "CallID", "200")),
      row(cell("SINGLE_LINE_TEXT", "TEL"), cell("SINGLE_LINE_TEXT", "TEL_E164"), cell("NUMBER", "顧客レコード番号", "160")),
      row(
        cell("SINGLE_LINE_TEXT", "Direction", "160"),
        cell("SINGLE_LINE_TEXT", "Status", "160"),
        cell("NUMBER", "Duration", "160"),
        cell("USER_SELECT", "担当者", "200"),
        cell("SINGLE_LINE_TEXT", "対応結果", "160"),
      ),
      row(area("Memo")),
      row(area("URL")),
      row(area("文字起こし")),
      systemRow(),
    ],
  };
}

/** The 関連レコード一覧 of a customer app: its calls, joined on the phone number. */
export function historyReference(historyAppId: string, phoneField = CUSTOMER_PHONE_FIELD): TemplateField {
  return {
    type: "REFERENCE_TABLE",
    code: HISTORY_REFERENCE_CODE,
    label: "通話履歴",
    noLabel: false,
    referenceTable: {
      relatedApp: { app: historyAppId, code: "" },
      condition: { field: phoneField, relatedField: HISTORY_MAPPING.phone },
      filterCond: "",
      displayFields: ["日時", "Direction", "Status", "Duration", "Memo"],
      sort: "日時 desc",
      size: "5",
    },
  };
}

/** The layout rows that place the panel's Space and the 関連レコード一覧 on a customer form. */
export function panelRows(): TemplateRow[] {
  return [
    row({ type: "SPACER", elementId: PANEL_SPACE_ID, size: { width: "700", height: "40" } }),
    row({ type: "REFERENCE_TABLE", code: HISTORY_REFERENCE_CODE }),
  ];
}

export function customerTemplate(historyAppId: string): AppTemplate {
  return {
    name: CUSTOMER_APP_NAME,
    properties: {
      会社名: text("会社名", "会社名", { required: true }),
      担当者名: text("担当者名", "担当者名"),
      電話番号: text("電話番号", "電話番号"),
      携帯電話: link("携帯電話", "携帯電話", "CALL"),
      メールアドレス: link("メールアドレス", "メールアドレス", "MAIL"),
      住所: text("住所", "住所"),
      備考: multi("備考", "備考"),
      連絡先: {
        type: "SUBTABLE",
        code: "連絡先",
        label: "連絡先",
        noLabel: false,
        fields: { 連絡先電話: text("連絡先電話", "連絡先電話") },
      },
      通話履歴: historyReference(historyAppId),
    },
    layout: [
      row(cell("RECORD_NUMBER", "レコード番号", "120"), cell("SINGLE_LINE_TEXT", "会社名", "300"), cell("SINGLE_LINE_TEXT", "担当者名")),
      row(cell("SINGLE_LINE_TEXT", "電話番号"), cell("LINK", "携帯電話"), cell("LINK", "メールアドレス", "300")),
      row(cell("SINGLE_LINE_TEXT", "住所", "500")),
      row(area("備考")),
      { type: "SUBTABLE", code: "連絡先", fields: [{ type: "SINGLE_LINE_TEXT", code: "連絡先電話", size: { width: "240" } }] },
      ...panelRows(),
      systemRow(),
    ],
  };
}

/** A history app made from this template (by setup or the config screen): every template field, with its type. */
export function isHistoryApp(name: string, properties: Record<string, { type: string }>): boolean {
  if (name !== HISTORY_APP_NAME) return false;
  return Object.values(historyTemplate().properties).every((f) => properties[f.code]?.type === f.type);
}

/** The customer form already has the panel's Space and a 関連レコード一覧 joined on a phone number. */
export function panelMissing(
  properties: Record<string, { type: string; referenceTable?: unknown }>,
  layout: { type: string; fields?: { type: string; elementId?: string }[]; layout?: unknown[] }[],
  historyAppId: string,
): { space: boolean; reference: boolean } {
  const spaces = layout.flatMap((r) => r.fields ?? []).filter((f) => f.type === "SPACER" && f.elementId === PANEL_SPACE_ID);
  const reference = Object.values(properties).some((p) => {
    if (p.type !== "REFERENCE_TABLE") return false;
    const ref = p.referenceTable as { relatedApp?: { app?: string }; condition?: { relatedField?: string } } | undefined;
    return String(ref?.relatedApp?.app ?? "") === historyAppId && ref?.condition?.relatedField === HISTORY_MAPPING.phone;
  });
  return { space: spaces.length === 0, reference: !reference };
}
