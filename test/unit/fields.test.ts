import { describe, expect, it } from "vitest";
import {
  appFormOf,
  callIdNotUnique,
  candidatesFor,
  customerMappedCodes,
  refusedFor,
  requiredUnmapped,
  spaceIdsOf,
  unnamedSpaceCount,
} from "../../config-ui/fields";
import { customerProperties, historyProperties, validSettings } from "./config-fixtures";

const customer = appFormOf(customerProperties);
const history = appFormOf(historyProperties);
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe("which fields are offered for which mapping", () => {
  it("offers only single-line text and Link (CALL) fields for phone numbers", () => {
    expect(codes(candidatesFor("customer.phone", customer))).toEqual(["会社名", "担当者名", "電話番号", "携帯電話", "住所"]);
  });

  it("offers Link (MAIL) but not Link (WEB) or (CALL) for the email mapping", () => {
    const offered = codes(candidatesFor("customer.email", customer));
    expect(offered).toContain("メールアドレス");
    expect(offered).not.toContain("ホームページ");
    expect(offered).not.toContain("携帯電話");
  });

  it("offers multi-line text for the memo but never drop-downs or system fields", () => {
    const offered = codes(candidatesFor("customer.memo", customer));
    expect(offered).toContain("備考");
    expect(offered).not.toContain("区分");
    expect(offered).not.toContain("レコード番号");
  });

  it("never offers a field inside a table, and lists those fields separately", () => {
    expect(codes(customer.fields)).not.toContain("連絡先電話");
    expect(codes(customer.fields)).not.toContain("連絡先");
    expect(codes(customer.subtableFields)).toEqual(["連絡先電話"]);
  });

  it("offers DATETIME only for the call's date and time", () => {
    expect(codes(candidatesFor("history.datetime", history))).toEqual(["日時"]);
  });

  it("offers USER_SELECT or text for the agent, NUMBER or text for duration and customer", () => {
    expect(codes(candidatesFor("history.agent", history))).toContain("担当者");
    expect(codes(candidatesFor("history.duration", history))).toContain("Duration");
    expect(codes(candidatesFor("history.customer", history))).toContain("顧客レコード番号");
    expect(codes(candidatesFor("history.callId", history))).not.toContain("Duration");
  });

  it("refuses a Link field for recording URLs with the reason, and offers text fields instead", () => {
    expect(codes(candidatesFor("history.recordingUrls", history))).not.toContain("録音リンク");
    expect(codes(candidatesFor("history.recordingUrls", history))).toContain("URL");
    expect(refusedFor("history.recordingUrls", history)).toEqual([
      { field: expect.objectContaining({ code: "録音リンク" }), reason: "fields.recording_link_refused" },
    ]);
    expect(refusedFor("history.memo", history)).toEqual([]);
  });
});

describe("warnings about the apps' fields", () => {
  it("names the required fields the mapping leaves empty", () => {
    const gaps = requiredUnmapped(customer, customerMappedCodes(validSettings()));
    expect(codes(gaps)).toEqual(["区分"]);
  });

  it("says nothing once every required field is mapped", () => {
    expect(requiredUnmapped(customer, ["会社名", "区分"])).toEqual([]);
  });

  it("flags a call-ID field that is not unique", () => {
    expect(callIdNotUnique(history, "CallID")).toBe(false);
    expect(callIdNotUnique(history, "CallID2")).toBe(true);
  });

  it("finds Space element IDs, also inside groups", () => {
    const layout = [
      {
        type: "ROW",
        fields: [
          { type: "SINGLE_LINE_TEXT", code: "a" },
          { type: "SPACER", elementId: "top" },
          { type: "SPACER", elementId: "" },
        ],
      },
      { type: "GROUP", code: "g", layout: [{ type: "ROW", fields: [{ type: "SPACER", elementId: "inner" }] }] },
    ];
    expect(spaceIdsOf(layout)).toEqual(["top", "inner"]);
    // The unnamed one cannot be offered; the screen says how to make it choosable.
    expect(unnamedSpaceCount(layout)).toBe(1);
    expect(unnamedSpaceCount([{ type: "GROUP", layout: [{ type: "ROW", fields: [{ type: "SPACER" }, { type: "SPACER" }] }] }])).toBe(2);
  });
});
