import { describe, expect, it } from "vitest";
import { findPhoneNumbers, formatNational, normalizePhone, notationsOf, splitExtension, toHalfWidth } from "../../src/shared/phone";

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
    expect(splitExtension("03-1234-5678")).toEqual({ main: "03-1234-5678" });
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
