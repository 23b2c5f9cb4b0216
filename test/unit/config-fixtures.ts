// Form shapes as GET /k/v1/app/form/fields.json returns them, modelled on the sandbox's seeded apps.
import type { RawFieldProperties } from "../../config-ui/fields";
import { defaultSettings, type Settings } from "../../src/shared/settings";
import { emptySecrets, type ConfigDraft } from "../../config-ui/validation";

export const customerProperties: RawFieldProperties = {
  会社名: { type: "SINGLE_LINE_TEXT", code: "会社名", label: "会社名", required: true },
  担当者名: { type: "SINGLE_LINE_TEXT", code: "担当者名", label: "担当者名" },
  電話番号: { type: "SINGLE_LINE_TEXT", code: "電話番号", label: "電話番号" },
  携帯電話: { type: "LINK", code: "携帯電話", label: "携帯電話", protocol: "CALL" },
  ホームページ: { type: "LINK", code: "ホームページ", label: "ホームページ", protocol: "WEB" },
  メールアドレス: { type: "LINK", code: "メールアドレス", label: "メールアドレス", protocol: "MAIL" },
  住所: { type: "SINGLE_LINE_TEXT", code: "住所", label: "住所" },
  備考: { type: "MULTI_LINE_TEXT", code: "備考", label: "備考" },
  区分: { type: "DROP_DOWN", code: "区分", label: "区分", required: true },
  連絡先: {
    type: "SUBTABLE",
    code: "連絡先",
    fields: { 連絡先電話: { type: "SINGLE_LINE_TEXT", code: "連絡先電話", label: "連絡先電話" } },
  },
  レコード番号: { type: "RECORD_NUMBER", code: "レコード番号", label: "レコード番号" },
};

export const historyProperties: RawFieldProperties = {
  TEL: { type: "SINGLE_LINE_TEXT", code: "TEL", label: "TEL" },
  TEL_E164: { type: "SINGLE_LINE_TEXT", code: "TEL_E164", label: "TEL_E164" },
  CallID: { type: "SINGLE_LINE_TEXT", code: "CallID", label: "CallID", unique: true },
  CallID2: { type: "SINGLE_LINE_TEXT", code: "CallID2", label: "CallID2" },
  日時: { type: "DATETIME", code: "日時", label: "日時" },
  Duration: { type: "NUMBER", code: "Duration", label: "Duration" },
  担当者: { type: "USER_SELECT", code: "担当者", label: "担当者" },
  URL: { type: "MULTI_LINE_TEXT", code: "URL", label: "URL" },
  録音リンク: { type: "LINK", code: "録音リンク", label: "録音リンク", protocol: "WEB" },
  顧客レコード番号: { type: "NUMBER", code: "顧客レコード番号", label: "顧客レコード番号" },
  確認者: { type: "SINGLE_LINE_TEXT", code: "確認者", label: "確認者", required: true },
};

/** A complete, valid configuration of both apps. */
export function validSettings(): Settings {
  const s = defaultSettings();
  s.callconnect.baseUrl = "https://api.callconnect.example/";
  s.connector.url = "https://connector.example/";
  s.customer.phoneFields = ["電話番号", "携帯電話"];
  s.customer.fields = { name: "担当者名", company: "会社名", email: "メールアドレス", address: "住所", memo: "備考" };
  s.customer.createUnknownCallers = true;
  s.basicAuth.enabled = true;
  s.history.enabled = true;
  s.history.appId = "2";
  s.history.fields = {
    ...s.history.fields,
    phone: "TEL",
    normalizedPhone: "TEL_E164",
    callId: "CallID",
    datetime: "日時",
    duration: "Duration",
    agent: "担当者",
    recordingUrls: "URL",
    customer: "顧客レコード番号",
  };
  s.history.panelSpaceId = "call_history";
  s.clickToCall.mode = "webphone";
  s.clickToCall.urlTemplate = "https://phone.callconnect.example/?number={number}";
  s.clickToCall.phoneFields = ["電話番号"];
  return s;
}

export function draftOf(settings: Settings, typed: Partial<ConfigDraft["secrets"]> = {}, savedAll = false): ConfigDraft {
  const saved = Object.fromEntries(Object.keys(emptySecrets()).map((k) => [k, savedAll])) as ConfigDraft["saved"];
  return { settings, secrets: { ...emptySecrets(), ...typed }, saved };
}
