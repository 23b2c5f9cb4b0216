import { describe, expect, it } from "vitest";
import { findPhoneNumbers, formatNational, normalizePhone, notationsOf, splitExtension, toHalfWidth } from "../../src/shared/phone";

describe("numbers of every country dial exactly the country written", () => {
  it.each([
    // The number: was dialled as +812079460958.
    ["+44 20 7946 0958", "+442079460958"],
    ["+44 (0)20 7946 0958", "+442079460958"],
    ["0044 20 7946 0958", "+442079460958"],
    ["010-44-20-7946-0958", "+442079460958"],
    ["＋４４ ２０ ７９４６ ０９５８", "+442079460958"],
    ["+33 1 23 45 67 89", "+33123456789"],
    ["0033 1 23 45 67 89", "+33123456789"],
    ["+49 30 12345678", "+493012345678"],
    ["+49 (0)30 12345678", "+493012345678"],
    ["+86 10 1234 5678", "+861012345678"],
    ["+86 138 0013 8000", "+8613800138000"],
    ["+82 2-312-3456", "+8223123456"],
    ["+82 10-1234-5678", "+821012345678"],
    ["+65 6123 4567", "+6561234567"],
    ["+61 2 9876 5432", "+61298765432"],
    ["+61 412 345 678", "+61412345678"],
    ["+55 11 91234-5678", "+5511912345678"],
    ["+1 (212) 555-0123", "+12125550123"],
    ["010-1-212-555-0123", "+12125550123"],
    ["+1 416 555 0123", "+14165550123"],
    ["+39 06 1234 5678", "+390612345678"],
  ])("%s dials %s", (text, e164) => {
    expect(normalizePhone(text)).toBe(e164);
    expect(findPhoneNumbers(`TEL ${text}`)).toEqual([{ text, start: 4, end: 4 + text.length, e164 }]);
    expect(normalizePhone(e164)).toBe(e164);
  });

  it.each([
    ["03-1234-5678", "+81312345678"],
    ["0312345678", "+81312345678"],
    ["(03) 1234-5678", "+81312345678"],
    ["０３－１２３４－５６７８", "+81312345678"],
    ["+81 3 1234 5678", "+81312345678"],
    ["+81-3-1234-5678", "+81312345678"],
    ["+81 (0)3-1234-5678", "+81312345678"],
    ["＋８１ ３ １２３４ ５６７８", "+81312345678"],
    ["0081 3 1234 5678", "+81312345678"],
    ["010-81-3-1234-5678", "+81312345678"],
    ["052-738-4074", "+81527384074"],
    ["090-1234-5678", "+819012345678"],
    ["０９０－１２３４－５６７８", "+819012345678"],
    ["+81 90 1234 5678", "+819012345678"],
    ["0120-994-132", "+81120994132"],
    ["０１２０－９９４－１３２", "+81120994132"],
    ["0800-123-4567", "+818001234567"],
    ["050-1234-5678", "+815012345678"],
    ["0570-000-123", "+81570000123"],
    // A carrier's free dial starts with 00 but is Japanese: checked exactly, it is not read as +37 6….
    ["0037-6123-4567", "+81003761234567"],
  ])("the Japanese %s dials %s", (text, e164) => {
    expect(normalizePhone(text)).toBe(e164);
    expect(findPhoneNumbers(text).map((f) => [f.text, f.e164])).toEqual([[text, e164]]);
  });

  it.each([
    // Without its country code: not guessed to be Japanese (+812079460958) or anything else.
    ["20 7946 0958"],
    ["(212) 555-0123"],
    ["212-555-0123"],
    // No such country calling code.
    ["+999 1234 5678"],
    // Longer than any national number of the UK, longer than E.164 allows, too short for Japan.
    ["+44 20 7946 0958 12"],
    ["+44 1234 5678 9012 3456"],
    ["+81 3 1234 567"],
    ["0044 20 7946 abc"],
  ])("does not turn %j into some number", (text) => {
    expect(normalizePhone(text)).toBeNull();
    expect(findPhoneNumbers(text).map((f) => f.e164)).not.toContain("+812079460958");
  });

  it("links none of a number without its country code", () => {
    expect(findPhoneNumbers("20 7946 0958 / (212) 555-0123 / 2026-11-24 14:00")).toEqual([]);
  });

  it("stops an international number where its country's numbers end", () => {
    const text = "+44 20 7946 0958 03 1234 5678 / +33 1 23 45 67 89 12";
    expect(findPhoneNumbers(text).map((f) => [f.text, f.e164])).toEqual([
      ["+44 20 7946 0958", "+442079460958"],
      ["03 1234 5678", "+81312345678"],
      ["+33 1 23 45 67 89", "+33123456789"],
    ]);
  });

  it("writes a number of another country in E.164, never as if it were Japanese", () => {
    expect(formatNational("+442079460958")).toBe("+442079460958");
    expect(notationsOf("+442079460958")).toEqual(["+442079460958"]);
    expect(formatNational("+12125550123")).toBe("+12125550123");
  });
});

describe("phone number normalisation", () => {
  it.each([
    ["03-1234-5678"],
    ["0312345678"],
    ["+81 3 1234 5678"],
    ["+81-3-1234-5678"],
    ["(03) 1234-5678"],
    ["０３－１２３４－５６７８"],
    ["03−1234−5678"],
    ["03-1234-5678 内線 123"],
    ["03-1234-5678 ext. 12"],
  ])("reads %s as +81312345678", (text) => {
    expect(normalizePhone(text)).toBe("+81312345678");
  });

  it("keeps mobile and free-dial numbers distinct", () => {
    expect(normalizePhone("090-1234-5678")).toBe("+819012345678");
    expect(normalizePhone("0120-994-132")).toBe("+81120994132");
  });

  it.each([["abc"], [""], ["12"], ["03-1234"], ["javascript:alert(1)"]])("rejects %j as not a phone number", (text) => {
    expect(normalizePhone(text)).toBeNull();
  });

  it("converts full-width digits one character for one", () => {
    const text = "０９０－１２３４";
    expect(toHalfWidth(text)).toBe("090-1234");
    expect(toHalfWidth(text)).toHaveLength(text.length);
  });

  it("splits an extension off the number", () => {
    expect(splitExtension("03-1234-5678 内線 12")).toEqual({ main: "03-1234-5678", extension: "12" });
    expect(splitExtension("052-738-4074（内線134）")).toEqual({ main: "052-738-4074", extension: "134" });
    expect(splitExtension("03-1234-5678")).toEqual({ main: "03-1234-5678" });
  });

  it.each([
    ["052-738-4074 内線134", "+81527384074", "134"],
    ["052-738-4074（内線134）", "+81527384074", "134"],
    ["+44 20 7946 0958 ext. 12", "+442079460958", "12"],
  ])("keeps the extension of %s with its number", (text, e164, extension) => {
    expect(findPhoneNumbers(text)).toEqual([{ text, start: 0, end: text.length, e164, extension }]);
    expect(normalizePhone(text)).toBe(e164);
  });

  it("finds several numbers in one field, keeping each as typed", () => {
    const text = "本社 03-1234-5678 / 携帯 ０９０－１２３４－５６７８ 内線 12";
    const found = findPhoneNumbers(text);
    expect(found.map((f) => f.e164)).toEqual(["+81312345678", "+819012345678"]);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(["03-1234-5678", "０９０－１２３４－５６７８ 内線 12"]);
    expect(found[1]?.extension).toBe("12");
  });

  it("finds nothing in text that is not a number", () => {
    expect(findPhoneNumbers("折り返し不要")).toEqual([]);
  });

  it("lists the notations other systems store, all normalising back to the same number", () => {
    const notations = notationsOf("+81312345678");
    expect(notations).toContain("03-1234-5678");
    expect(notations).toContain("0312345678");
    for (const n of notations) expect(normalizePhone(n)).toBe("+81312345678");
    expect(formatNational("+81312345678")).toBe("03-1234-5678");
  });
});
