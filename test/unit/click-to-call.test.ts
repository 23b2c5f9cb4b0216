// Which text becomes a call link and what a click does, per mode.
import { describe, expect, it } from "vitest";
import { segmentPhoneText } from "../../src/features/click-to-call/segments";
import { dialAction, dialSettingError, startCallBody, webPhoneUrl, WEBPHONE_WINDOW } from "../../src/features/click-to-call/dial";
import { defaultSettings } from "../../src/shared/settings";
import { createAnnouncer, createCallKeys, SAME_CALL_WINDOW_MS } from "../../src/features/click-to-call/call-keys";

const phones = (text: string) => segmentPhoneText(text).filter((s) => s.kind === "phone");

describe("segmenting a field's text", () => {
  it("keeps the text exactly: the segments join back to the original", () => {
    for (const text of [
      "本社 03-1234-5678 / 携帯 ０９０－１２３４－５６７８",
      "TEL:(03)1234-5678。",
      "03-1234-5678 内線 123",
      "なし",
      "",
    ]) {
      expect(
        segmentPhoneText(text)
          .map((s) => s.text)
          .join(""),
      ).toBe(text);
    }
  });

  it("finds several numbers, separated by a slash or only by a space", () => {
    expect(phones("03-1234-5678 / 090-1111-2222").map((s) => s.e164)).toEqual(["+81312345678", "+819011112222"]);
    expect(phones("03-1234-5678 090-1111-2222").map((s) => s.e164)).toEqual(["+81312345678", "+819011112222"]);
  });

  it("reads grouped international notation as one number", () => {
    expect(phones("+81 3 1234 5678")).toEqual([{ kind: "phone", text: "+81 3 1234 5678", e164: "+81312345678" }]);
  });

  it("links numbers of other countries as the country written, next to Japanese ones", () => {
    expect(phones("London +44 20 7946 0958 / 本社 03-1234-5678 / Paris 0033 1 23 45 67 89").map((s) => [s.text, s.e164])).toEqual([
      ["+44 20 7946 0958", "+442079460958"],
      ["03-1234-5678", "+81312345678"],
      ["0033 1 23 45 67 89", "+33123456789"],
    ]);
  });

  it("keeps an extension with its number", () => {
    expect(phones("03-1234-5678 内線 123")).toEqual([
      { kind: "phone", text: "03-1234-5678 内線 123", e164: "+81312345678", extension: "123" },
    ]);
    expect(phones("03-1234-5678 ext. 12")[0]?.extension).toBe("12");
  });

  it.each([["2026-11-24"], ["〒100-0001"], ["注文番号 12345678"], ["javascript:alert(1)"], ["<img src=x onerror=alert(1)>"]])(
    "leaves %j as plain text",
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );

  it("stays fast on a long run of digits", () => {
    const text = Array.from({ length: 2000 }, (_, i) => String(i % 10)).join(" ");
    const t0 = performance.now();
    segmentPhoneText(text);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("dial actions", () => {
  const target = { e164: "+81312345678", text: "03-1234-5678 内線 12", extension: "12" };
  const agent = { code: "yamada", email: "yamada@example.com" };
  const c = defaultSettings().clickToCall;

  it("tel: dials the E.164 number with its extension", () => {
    expect(dialAction({ ...c, mode: "tel" }, target, agent)).toEqual({ kind: "tel", href: "tel:+81312345678;ext=12" });
    expect(dialAction({ ...c, mode: "tel" }, { e164: "+442079460958", text: "+44 20 7946 0958" }, agent)).toEqual({
      kind: "tel",
      href: "tel:+442079460958",
    });
  });

  it("web phone fills {number}, {extension} and {user} URL-encoded, for the one named window", () => {
    const urlTemplate = "https://cc.example/phone?number={number}&extension={extension}&user={user}";
    expect(dialAction({ ...c, mode: "webphone", urlTemplate }, target, agent)).toEqual({
      kind: "webphone",
      href: "https://cc.example/phone?number=%2B81312345678&extension=12&user=yamada",
    });
    expect(WEBPHONE_WINDOW).toBe("callconnect-phone");
  });

  it("web phone leaves {extension} empty without one, and a value cannot bring in a placeholder", () => {
    expect(webPhoneUrl("https://cc.example/p?n={number}&x={extension}&u={user}", { number: "+81312345678", user: "{number}&a=1" })).toBe(
      "https://cc.example/p?n=%2B81312345678&x=&u=%7Bnumber%7D%26a%3D1",
    );
    expect(webPhoneUrl("https://cc.example/p/{user}/{number}", { number: "+81312345678", user: "山田" })).toBe(
      "https://cc.example/p/%E5%B1%B1%E7%94%B0/%2B81312345678",
    );
  });

  it("web phone refuses a template that is not http(s)", () => {
    expect(dialAction({ ...c, mode: "webphone", urlTemplate: "javascript:alert('{number}')" }, target, agent)).toBeNull();
  });

  it("api keeps tel: as the href and passes what was shown, with the extension", () => {
    expect(dialAction({ ...c, mode: "api" }, target, agent)).toEqual({
      kind: "api",
      href: "tel:+81312345678;ext=12",
      number: "+81312345678",
      display: "03-1234-5678 内線 12",
      extension: "12",
    });
  });

  it("api's start-call body names the agent who clicked", () => {
    expect(startCallBody({ number: "+81312345678", display: "03-1234-5678 内線 12", extension: "12" }, agent)).toEqual({
      number: "+81312345678",
      display: "03-1234-5678 内線 12",
      extension: "12",
      agent: { code: "yamada", email: "yamada@example.com" },
    });
  });

  it("names the broken setting", () => {
    const s = defaultSettings();
    s.clickToCall.mode = "webphone";
    s.clickToCall.urlTemplate = "https://cc.example/phone";
    expect(dialSettingError(s)).toBe("clickToCall.urlTemplate");
    s.clickToCall.urlTemplate = "https://cc.example/phone?n={number}";
    expect(dialSettingError(s)).toBeNull();
    s.clickToCall.urlTemplate = "https://cc.example/{user}/phone?n={number}&ext={extension}";
    expect(dialSettingError(s)).toBeNull();
    s.clickToCall.mode = "api";
    expect(dialSettingError(s)).toBe("callconnect.baseUrl");
    s.callconnect.baseUrl = "https://cc.example/";
    expect(dialSettingError(s)).toBeNull();
  });
});

describe("idempotency keys of API calls", () => {
  it("reuses the key for a repeated click on the same number, and only briefly", () => {
    let now = 0;
    let n = 0;
    const keyFor = createCallKeys(
      () => now,
      () => `k${++n}`,
    );
    expect(keyFor("+81312345678")).toBe("k1");
    now += 300;
    expect(keyFor("+81312345678")).toBe("k1");
    expect(keyFor("+819011112222")).toBe("k2");
    expect(keyFor("+81312345678")).toBe("k3");
    now += SAME_CALL_WINDOW_MS + 1;
    expect(keyFor("+81312345678")).toBe("k4");
  });
});

describe("telling the agent a call started", () => {
  it("says it once for the two answers of a double click, and again for the next call", () => {
    const isNews = createAnnouncer();
    expect(isNews("k1")).toBe(true);
    expect(isNews("k1")).toBe(false);
    expect(isNews("k2")).toBe(true);
    expect(isNews("k1")).toBe(true);
  });
});
