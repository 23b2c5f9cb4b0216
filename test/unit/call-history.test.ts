import { describe, expect, it } from "vitest";
import {
  buildCallerCustomerRecord,
  fitToFields,
  agentLoginCandidate,
  buildHistoryRecord,
  isChosenEvent,
  parseCallDelivery,
  toKintoneDateTime,
  type CallDelivery,
} from "../../src/connector/work/call-history";
import { defaultSettings } from "../../src/shared/settings";

const fields = {
  ...defaultSettings().history.fields,
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
};

function delivery(extra: Record<string, string | string[]> = {}): CallDelivery {
  const form = new URLSearchParams();
  const base: Record<string, string | string[]> = {
    "contact[id]": "150",
    "contact[name]": "電話 太郎",
    "contact[number]": "0120-994-132",
    "record[id]": "22232",
    "record[status]": "200",
    ...extra,
  };
  for (const [k, v] of Object.entries(base)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  const r = parseCallDelivery(form);
  if (!r.ok) throw new Error(r.reason);
  return r.delivery;
}

describe("parsing CallConnect's webhook", () => {
  it("reads the documented fields and tolerates the absent assumed ones", () => {
    const d = delivery();
    expect(d).toMatchObject({
      callId: "22232",
      status: "200",
      event: "call_ended",
      number: "0120-994-132",
      e164: "+81120994132",
      duration: null,
      recordingUrls: [],
    });
    expect(d.contact.name).toBe("電話 太郎");
  });

  it("takes the call's own number over the contact's and normalises any notation", () => {
    expect(delivery({ "record[number]": "０３－１２３４－５６７８" }).e164).toBe("+81312345678");
  });

  it("derives the event from unanswered statuses when none is sent", () => {
    expect(delivery({ "record[status]": "101" }).event).toBe("call_missed");
    expect(delivery({ "record[status]": "202" }).event).toBe("call_missed");
    expect(delivery({ "record[status]": "100", "record[event]": "memo_saved" }).event).toBe("memo_saved");
  });

  it("refuses a delivery without a call id or with an unknown event", () => {
    expect(parseCallDelivery(new URLSearchParams("record[status]=200")).ok).toBe(false);
    expect(parseCallDelivery(new URLSearchParams("record[id]=1&record[event]=hangup")).ok).toBe(false);
  });

  it("keeps only http(s) recording URLs, each once", () => {
    const d = delivery({
      "record[recording_urls][]": ["https://r.example/1.wav", "javascript:alert(1)", "http://r.example/2.wav", "https://r.example/1.wav"],
    });
    expect(d.recordingUrls).toEqual(["https://r.example/1.wav", "http://r.example/2.wav"]);
  });
});

describe("the history record", () => {
  const ctx = { agentFieldType: "USER_SELECT", agentCode: "yamada", customerRecordId: "7" };

  it("maps every field, joins recording URLs by newlines and fills the normalised number", () => {
    const d = delivery({
      "record[number]": "03-1234-5678",
      "record[direction]": "outgoing",
      "record[started_at]": "2026-11-24T14:00:05+09:00",
      "record[duration]": "65",
      "record[memo]": "折り返し希望",
      "record[recording_urls][]": ["https://r.example/1.wav", "https://r.example/2.wav"],
      "record[transcription]": "もしもし",
    });
    expect(buildHistoryRecord(d, fields, ctx)).toEqual({
      TEL: { value: "03-1234-5678" },
      TEL_E164: { value: "+81312345678" },
      CallID: { value: "22232" },
      日時: { value: "2026-11-24T05:00:05Z" },
      Direction: { value: "発信" },
      Status: { value: "発信通話" },
      Duration: { value: "65" },
      担当者: { value: [{ code: "yamada" }] },
      Memo: { value: "折り返し希望" },
      URL: { value: "https://r.example/1.wav\nhttps://r.example/2.wav" },
      文字起こし: { value: "もしもし" },
      顧客レコード番号: { value: "7" },
    });
  });

  it("writes the phone in the linked customer's own notation, so kintone's related list (equal text) shows it", () => {
    const d = delivery({ "record[number]": "+81312345678" });
    expect(buildHistoryRecord(d, fields, { ...ctx, phoneText: "０３－１２３４－５６７８" }).TEL).toEqual({
      value: "０３－１２３４－５６７８",
    });
    expect(buildHistoryRecord(d, fields, ctx).TEL).toEqual({ value: "03-1234-5678" });
  });

  it("writes an unknown status code as its number and English labels when asked", () => {
    expect(buildHistoryRecord(delivery({ "record[status]": "999" }), fields, ctx).Status).toEqual({ value: "999" });
    expect(buildHistoryRecord(delivery(), fields, { ...ctx, lang: "en" }).Status).toEqual({ value: "Outgoing call" });
  });

  it("leaves out what a delivery does not know, so a later event does not blank earlier values", () => {
    const later = buildHistoryRecord(delivery({ "record[event]": "transcription_done", "record[transcription]": "はい" }), fields, {
      ...ctx,
      customerRecordId: null,
    });
    expect(later.Memo).toBeUndefined();
    expect(later.URL).toBeUndefined();
    expect(later.顧客レコード番号).toBeUndefined();
    expect(later.文字起こし).toEqual({ value: "はい" });
  });

  it("puts an unmatched agent into the memo when the agent field is a user field, and as text otherwise", () => {
    const d = delivery({ "record[user_name]": "山田 花子", "record[memo]": "メモ" });
    const unmatched = buildHistoryRecord(d, fields, { ...ctx, agentCode: null });
    expect(unmatched.担当者).toBeUndefined();
    expect(unmatched.Memo).toEqual({ value: "メモ\n担当者: 山田 花子" });
    expect(buildHistoryRecord(d, fields, { ...ctx, agentFieldType: "SINGLE_LINE_TEXT" }).担当者).toEqual({ value: "山田 花子" });
  });

  it("writes nothing for unmapped fields", () => {
    const only = { ...defaultSettings().history.fields, callId: "CallID" };
    expect(Object.keys(buildHistoryRecord(delivery({ "record[memo]": "x" }), only, ctx))).toEqual(["CallID"]);
  });

  it("converts times to kintone's UTC form and rejects non-dates", () => {
    expect(toKintoneDateTime("2017-10-06T21:56:12.897+09:00")).toBe("2017-10-06T12:56:12Z");
    expect(toKintoneDateTime("yesterday")).toBe("");
  });

  it("chooses by 通知イベント", () => {
    expect(isChosenEvent(delivery({ "record[event]": "memo_saved" }), ["call_ended"])).toBe(false);
    expect(isChosenEvent(delivery({ "record[event]": "memo_saved" }), ["call_ended", "memo_saved"])).toBe(true);
  });
});

describe("顧客作成 record", () => {
  const customer = {
    ...defaultSettings().customer,
    phoneFields: ["電話番号", "携帯電話"],
    fields: { name: "担当者名", company: "会社名", email: "", address: "住所", memo: "" },
  };

  it("holds only the number when CallConnect knows nothing else", () => {
    const d = delivery({ "contact[name]": "", "record[number]": "+81 3 1234 5678" });
    expect(buildCallerCustomerRecord(d, customer)).toEqual({ 電話番号: { value: "03-1234-5678" } });
  });

  it("fills the mapped fields CallConnect knows", () => {
    const d = delivery({
      "contact[company]": "株式会社コールコネクト",
      "contact[address]": "東京都新宿区",
      "contact[email]": "a@example.com",
    });
    expect(buildCallerCustomerRecord(d, customer)).toEqual({
      電話番号: { value: "0120-994-132" },
      担当者名: { value: "電話 太郎" },
      会社名: { value: "株式会社コールコネクト" },
      住所: { value: "東京都新宿区" },
    });
  });

  it("puts a mobile number into the mobile field when one is mapped, a landline into the first", () => {
    const phones = (rec: Record<string, { value: unknown }>) => ({ 電話番号: rec.電話番号?.value, 携帯電話: rec.携帯電話?.value });
    expect(phones(buildCallerCustomerRecord(delivery({ "record[number]": "090-1234-5678" }), customer))).toEqual({
      電話番号: undefined,
      携帯電話: "090-1234-5678",
    });
    const landlineOnly = { ...customer, phoneFields: ["電話番号"] };
    expect(phones(buildCallerCustomerRecord(delivery({ "record[number]": "090-1234-5678" }), landlineOnly))).toEqual({
      電話番号: "090-1234-5678",
      携帯電話: undefined,
    });
    expect(phones(buildCallerCustomerRecord(delivery({ "record[number]": "03-1234-5678" }), customer))).toEqual({
      電話番号: "03-1234-5678",
      携帯電話: undefined,
    });
  });

  it("says in the memo field that the record was made from a call, keeping what CallConnect knew", () => {
    const withMemo = { ...customer, fields: { ...customer.fields, memo: "備考" } };
    const d = delivery({ "record[number]": "03-1234-5678", "contact[memo]": "VIP" });
    const memo = String(buildCallerCustomerRecord(d, withMemo).備考?.value);
    expect(memo.split("\n")[0]).toBe("VIP");
    expect(memo).toContain(`通話 ID ${d.callId}`);
    expect(String(buildCallerCustomerRecord(d, withMemo, "en").備考?.value)).toContain(
      "Created automatically from an incoming CallConnect call",
    );
  });
});

describe("texts longer than their field", () => {
  it("are cut to the field's limit with a note that fits inside it, characters counted as kintone does", () => {
    const memo = "あ".repeat(10_050);
    const out = fitToFields({ Memo: { value: memo }, TEL: { value: "03" } }, { Memo: 10_000 });
    const text = String(out.Memo?.value);
    expect([...text].length).toBe(10_000);
    expect(text.startsWith("あああ")).toBe(true);
    expect(text).toContain("全10050文字");
    expect(out.TEL).toEqual({ value: "03" });
    expect(fitToFields({ Memo: { value: "short" } }, { Memo: 10 })).toEqual({ Memo: { value: "short" } });
    expect([...String(fitToFields({ Memo: { value: "🙂".repeat(30) } }, { Memo: 20 }, "en").Memo?.value)].length).toBeLessThanOrEqual(20);
  });
});

describe("the agent's kintone login", () => {
  it("comes from the admin's exceptions table first (by e-mail or name, case aside), else the e-mail's local part", () => {
    const d = delivery({ "record[user_email]": "Hanako.Y@cc.example", "record[user_name]": "山田 花子" });
    expect(agentLoginCandidate(d)).toBe("Hanako.Y");
    expect(agentLoginCandidate(d, [{ callconnect: "hanako.y@CC.example", kintoneUser: "yamada" }])).toBe("yamada");
    expect(agentLoginCandidate(d, [{ callconnect: "山田 花子", kintoneUser: "h-yamada" }])).toBe("h-yamada");
    expect(agentLoginCandidate(d, [{ callconnect: "someone@else.example", kintoneUser: "x" }])).toBe("Hanako.Y");
    expect(agentLoginCandidate(delivery({ "record[user_email]": "", "record[user_name]": "" }))).toBeNull();
  });
});
