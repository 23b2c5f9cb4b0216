import { describe, expect, it } from "vitest";
import {
  CONFIG_KEY,
  MAX_CONFIG_VALUE_LENGTH,
  SettingsError,
  allPhoneFields,
  defaultSettings,
  loadSettings,
  storeSettings,
  type Settings,
} from "../../src/shared/settings";

function configured(): Settings {
  const s = defaultSettings();
  s.callconnect.baseUrl = "https://api.callconnect.example/";
  s.customer.phoneFields = ["電話番号", "携帯電話"];
  s.customer.fields.name = "担当者名";
  s.clickToCall = {
    mode: "webphone",
    urlTemplate: "https://phone.example/?n={number}",
    phoneFields: ["電話番号"],
    views: { detail: true, list: false, mobile: true },
  };
  s.history = { ...s.history, enabled: true, appId: "2", events: ["call_ended", "transcription_done"] };
  return s;
}

describe("plugin settings", () => {
  it("round-trips through kintone's string-only config unchanged", () => {
    const stored = storeSettings(configured());
    expect(Object.keys(stored)).toEqual([CONFIG_KEY]);
    expect(typeof stored[CONFIG_KEY]).toBe("string");
    expect(loadSettings(stored)).toEqual({ kind: "ok", settings: configured() });
  });

  it("reports a plugin that was never configured as empty, not as an error", () => {
    expect(loadSettings({})).toEqual({ kind: "empty" });
    expect(loadSettings(null)).toEqual({ kind: "empty" });
  });

  it("names broken JSON instead of crashing", () => {
    const r = loadSettings({ [CONFIG_KEY]: "{not json" });
    expect(r.kind).toBe("invalid");
    if (r.kind === "invalid") expect(r.error.code).toBe("not_json");
  });

  it("refuses a version it does not know rather than guessing", () => {
    const r = loadSettings({ [CONFIG_KEY]: JSON.stringify({ ...configured(), version: 99 }) });
    expect(r.kind === "invalid" && r.error.code).toBe("unknown_version");
  });

  it("lists the exact path of every invalid value, without silent defaults", () => {
    const bad = {
      ...configured(),
      clickToCall: { ...configured().clickToCall, mode: "fax" },
      customer: { ...configured().customer, phoneFields: "電話番号" },
    };
    const r = loadSettings({ [CONFIG_KEY]: JSON.stringify(bad) });
    expect(r.kind).toBe("invalid");
    if (r.kind !== "invalid") return;
    expect(r.error).toBeInstanceOf(SettingsError);
    expect(r.error.details.join("\n")).toMatch(/clickToCall\.mode/);
    expect(r.error.details.join("\n")).toMatch(/customer\.phoneFields/);
  });

  it("migrates version 1 (one phone field) to the current shape", () => {
    const v1 = { version: 1, endpoint: "https://old.example/", phoneField: "TEL", nameField: "氏名", createCustomer: true };
    const r = loadSettings({ [CONFIG_KEY]: JSON.stringify(v1) });
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.migratedFrom).toBe(1);
    expect(r.settings.version).toBe(2);
    expect(r.settings.callconnect.baseUrl).toBe("https://old.example/");
    expect(r.settings.customer.phoneFields).toEqual(["TEL"]);
    expect(r.settings.customer.fields.name).toBe("氏名");
    expect(r.settings.customer.fields.company).toBe("");
    expect(r.settings.customer.createUnknownCallers).toBe(true);
    expect(r.settings.clickToCall.phoneFields).toEqual(["TEL"]);
  });

  it("rejects a broken version-1 config with its reason", () => {
    const r = loadSettings({ [CONFIG_KEY]: JSON.stringify({ version: 1, phoneField: "TEL" }) });
    expect(r.kind === "invalid" && r.error.details.join()).toMatch(/endpoint/);
  });

  it("refuses to store a value kintone would reject for its length", () => {
    const s = configured();
    s.customer.phoneFields = Array.from({ length: 700 }, (_, i) => `phone_field_with_a_long_code_${i}_${"x".repeat(70)}`);
    expect(() => storeSettings(s)).toThrow(new RegExp(String(MAX_CONFIG_VALUE_LENGTH)));
  });

  it("reads each phone field once, customer mapping first", () => {
    const s = configured();
    s.clickToCall.phoneFields = ["携帯電話", "FAX"];
    expect(allPhoneFields(s)).toEqual(["電話番号", "携帯電話", "FAX"]);
  });
});
