// Apps 1 「顧客管理」 and 2 「通話履歴」, shaped like CallConnect's templates (field codes: docs/architecture.md).
import type { KintoneFormFieldProperty as P, KintoneFormLayout as L } from "@kintone/rest-api-client";
import type { AppDefinition } from "../kintone-emulator/types";

const text = (code: string, label: string, extra: Partial<P.SingleLineText> = {}): P.SingleLineText => ({
  type: "SINGLE_LINE_TEXT",
  code,
  label,
  noLabel: false,
  required: false,
  defaultValue: "",
  unique: false,
  minLength: "",
  maxLength: "",
  expression: "",
  hideExpression: false,
  ...extra,
});
const multi = (code: string, label: string): P.MultiLineText => ({
  type: "MULTI_LINE_TEXT",
  code,
  label,
  noLabel: false,
  required: false,
  defaultValue: "",
});
const link = (code: string, label: string, protocol: P.Link["protocol"]): P.Link => ({
  type: "LINK",
  code,
  label,
  noLabel: false,
  required: false,
  defaultValue: "",
  unique: false,
  minLength: "",
  maxLength: "",
  protocol,
});
const num = (code: string, label: string, unit = ""): P.Number => ({
  type: "NUMBER",
  code,
  label,
  noLabel: false,
  required: false,
  defaultValue: "",
  unique: false,
  minValue: "",
  maxValue: "",
  digit: false,
  displayScale: "",
  unit,
  unitPosition: "AFTER",
});

type Cell = L.Field.OneOf;
const cell = (
  type: Exclude<Cell["type"], "LABEL" | "HR" | "SPACER" | "REFERENCE_TABLE" | "MULTI_LINE_TEXT" | "RICH_TEXT">,
  code: string,
  width = "240",
): Cell => ({ type, code, size: { width } }) as Cell;
const area = (code: string, width = "500"): Cell => ({ type: "MULTI_LINE_TEXT", code, size: { width, innerHeight: "90" } });
const row = (...fields: Cell[]): L.OneOf => ({ type: "ROW", fields });

export const CUSTOMER_APP_ID = 1;
export const HISTORY_APP_ID = 2;
export const PANEL_SPACE_ID = "call_history";

export function customerApp(): AppDefinition {
  const contacts: P.Subtable<{ 連絡先電話: P.SingleLineText }> = {
    type: "SUBTABLE",
    code: "連絡先",
    label: "連絡先",
    noLabel: false,
    fields: { 連絡先電話: text("連絡先電話", "連絡先電話") },
  };
  const history: P.ReferenceTable = {
    type: "REFERENCE_TABLE",
    code: "通話履歴",
    label: "通話履歴",
    noLabel: false,
    referenceTable: {
      relatedApp: { app: String(HISTORY_APP_ID), code: "" },
      condition: { field: "電話番号", relatedField: "TEL" },
      filterCond: "",
      displayFields: ["日時", "Direction", "Status", "Duration", "Memo"],
      sort: "日時 desc",
      size: "5",
    },
  };
  return {
    id: CUSTOMER_APP_ID,
    name: "顧客管理",
    properties: {
      会社名: text("会社名", "会社名", { required: true }),
      担当者名: text("担当者名", "担当者名"),
      電話番号: text("電話番号", "電話番号"),
      携帯電話: link("携帯電話", "携帯電話", "CALL"),
      メールアドレス: link("メールアドレス", "メールアドレス", "MAIL"),
      住所: text("住所", "住所"),
      備考: multi("備考", "備考"),
      連絡先: contacts,
      通話履歴: history,
    },
    layout: [
      row(cell("RECORD_NUMBER", "レコード番号", "120"), cell("SINGLE_LINE_TEXT", "会社名", "300"), cell("SINGLE_LINE_TEXT", "担当者名")),
      row(cell("SINGLE_LINE_TEXT", "電話番号"), cell("LINK", "携帯電話"), cell("LINK", "メールアドレス", "300")),
      row(cell("SINGLE_LINE_TEXT", "住所", "500")),
      row(area("備考")),
      { type: "SUBTABLE", code: "連絡先", fields: [{ type: "SINGLE_LINE_TEXT", code: "連絡先電話", size: { width: "240" } }] },
      row({ type: "SPACER", elementId: PANEL_SPACE_ID, size: { width: "700", height: "40" } }),
      row({ type: "REFERENCE_TABLE", code: "通話履歴" }),
      row(
        cell("CREATOR", "作成者", "160"),
        cell("CREATED_TIME", "作成日時", "160"),
        cell("MODIFIER", "更新者", "160"),
        cell("UPDATED_TIME", "更新日時", "160"),
      ),
    ],
  };
}

export function historyApp(): AppDefinition {
  return {
    id: HISTORY_APP_ID,
    name: "通話履歴",
    properties: {
      TEL: text("TEL", "電話番号"),
      TEL_E164: text("TEL_E164", "電話番号(E.164)"),
      CallID: text("CallID", "通話ID", { unique: true }),
      日時: {
        type: "DATETIME",
        code: "日時",
        label: "日時",
        noLabel: false,
        required: false,
        defaultValue: "",
        unique: false,
        defaultNowValue: false,
      },
      Direction: text("Direction", "発着信"),
      Status: text("Status", "状態"),
      Duration: num("Duration", "通話時間", "秒"),
      担当者: { type: "USER_SELECT", code: "担当者", label: "担当者", noLabel: false, required: false, defaultValue: [], entities: [] },
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
      row(
        cell("CREATOR", "作成者", "160"),
        cell("CREATED_TIME", "作成日時", "160"),
        cell("MODIFIER", "更新者", "160"),
        cell("UPDATED_TIME", "更新日時", "160"),
      ),
    ],
  };
}
