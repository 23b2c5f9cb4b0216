import { describe, expect, it } from "vitest";
import { appFormOf } from "../../config-ui/fields";
import {
  configWarnings,
  normalizeBaseUrl,
  urlProblem,
  validateConfig,
  validateUrlTemplate,
  type ConfigIssue,
} from "../../config-ui/validation";
import { configMessages, type ConfigMessageKey } from "../../config-ui/messages";
import { translator } from "../../src/shared/i18n";
import { customerProperties, draftOf, historyProperties, validSettings } from "./config-fixtures";

const ctx = { customerForm: appFormOf(customerProperties), historyForm: appFormOf(historyProperties), spaceIds: ["call_history"] };
const at = (issues: ConfigIssue[]) => issues.map((i) => `${i.target}:${i.key}`);

describe("validateConfig", () => {
  it("accepts a complete configuration whose secrets are all saved already", () => {
    expect(validateConfig(draftOf(validSettings(), {}, true), ctx)).toEqual([]);
  });

  it("asks for every secret that is neither typed nor saved, beside its own input", () => {
    const issues = validateConfig(draftOf(validSettings()), ctx);
    expect(at(issues).sort()).toEqual(
      [
        "secrets.callconnectToken:secret.required",
        "secrets.connectorSecret:secret.required",
        "secrets.customerApiToken:secret.required",
        "secrets.historyApiToken:secret.required",
        "secrets.basicAuthUser:secret.required",
        "secrets.basicAuthPassword:secret.required",
      ].sort(),
    );
  });

  it("accepts typed secrets in place of saved ones", () => {
    const typed = {
      callconnectToken: "t",
      connectorSecret: "s",
      customerApiToken: "c",
      historyApiToken: "h",
      basicAuthUser: "u",
      basicAuthPassword: "p",
    };
    expect(validateConfig(draftOf(validSettings(), typed), ctx)).toEqual([]);
  });

  it("refuses a plain-http CallConnect URL unless it is local", () => {
    const s = validSettings();
    s.callconnect.baseUrl = "http://api.callconnect.example/";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["callconnect.baseUrl:url.not_https"]);
    s.callconnect.baseUrl = "http://localhost:8080/callconnect/";
    expect(validateConfig(draftOf(s, {}, true), ctx)).toEqual([]);
  });

  it("requires a phone field and refuses one of an incompatible type or missing from the app", () => {
    const s = validSettings();
    s.customer.phoneFields = [];
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["customer.phoneFields:customer.phone_required"]);
    s.customer.phoneFields = ["備考", "消えた"];
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual([
      "customer.phoneFields:mapping.incompatible",
      "customer.phoneFields:mapping.missing_field",
    ]);
  });

  it("refuses a subtable field even when its code is typed in by hand", () => {
    const s = validSettings();
    s.customer.fields.address = "連絡先電話";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["customer.fields.address:mapping.missing_field"]);
  });

  it("refuses a Link field for recording URLs with the documented reason", () => {
    const s = validSettings();
    s.history.fields.recordingUrls = "録音リンク";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["history.fields.recordingUrls:fields.recording_link_refused"]);
  });

  it("requires the history app, its key mappings and an event when history is on", () => {
    const s = validSettings();
    s.history.appId = "";
    s.history.fields.callId = "";
    s.history.events = [];
    expect(at(validateConfig(draftOf(s, {}, true), ctx)).sort()).toEqual(
      [
        "history.appId:history.app_required",
        "history.events:history.events_required",
        "history.fields.callId:history.field_required",
      ].sort(),
    );
  });

  it("needs the connector for history, customer creation and Basic auth", () => {
    const s = validSettings();
    s.connector.url = "";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual([
      "customer.createUnknownCallers:connector.required_for_feature",
      "basicAuth.enabled:connector.required_for_feature",
      "history.enabled:connector.required_for_feature",
    ]);
  });

  it("checks the web-phone URL template", () => {
    expect(validateUrlTemplate("")).toBe("clickToCall.template_required");
    expect(validateUrlTemplate("https://x.example/call")).toBe("clickToCall.template_no_placeholder");
    expect(validateUrlTemplate("javascript:alert({number})")).toBe("clickToCall.template_not_http");
    expect(validateUrlTemplate("http://localhost:8080/callconnect/phone?number={number}")).toBeNull();
    const s = validSettings();
    s.clickToCall.urlTemplate = "https://x.example/call";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["clickToCall.urlTemplate:clickToCall.template_no_placeholder"]);
    s.clickToCall.mode = "tel";
    expect(validateConfig(draftOf(s, {}, true), ctx)).toEqual([]);
  });

  it("refuses a panel Space the form does not have", () => {
    const s = validSettings();
    s.history.panelSpaceId = "gone";
    expect(at(validateConfig(draftOf(s, {}, true), ctx))).toEqual(["history.panelSpaceId:history.space_missing"]);
  });
});

describe("configWarnings", () => {
  it("says a wrap-up result would not be saved while the history's result field is unmapped", () => {
    const s = validSettings();
    s.screenPop.results = ["受注"];
    s.history.fields.result = "";
    expect(at(configWarnings(draftOf(s, {}, true), ctx))).toContain("screenPop.results:screenPop.result_unmapped");
    s.screenPop.results = [];
    expect(at(configWarnings(draftOf(s, {}, true), ctx))).not.toContain("screenPop.results:screenPop.result_unmapped");
  });

  it("names required fields left unmapped in both apps and a non-unique call ID", () => {
    const s = validSettings();
    s.history.fields.callId = "CallID2";
    const warnings = configWarnings(draftOf(s, {}, true), ctx);
    expect(at(warnings)).toEqual([
      "customer.required:customer.required_unmapped",
      "history.required:history.required_unmapped",
      "history.fields.callId:history.callid_not_unique",
    ]);
    expect(warnings[0]?.params?.fields).toBe("区分");
    expect(warnings[1]?.params?.fields).toBe("確認者");
  });
});

describe("URLs", () => {
  it("adds the trailing slash relative API paths need", () => {
    expect(normalizeBaseUrl(" https://a.example/cc ")).toBe("https://a.example/cc/");
    expect(normalizeBaseUrl("https://a.example/")).toBe("https://a.example/");
  });
  it("rejects non-URLs and other schemes", () => {
    expect(urlProblem("not a url")).toBe("url.invalid");
    expect(urlProblem("ftp://a.example/")).toBe("url.invalid");
    expect(urlProblem("http://127.0.0.1:9/")).toBeNull();
  });
});

describe("messages", () => {
  it("has Japanese and English text for every key, with the same placeholders", () => {
    const keys = Object.keys(configMessages.ja) as ConfigMessageKey[];
    expect(Object.keys(configMessages.en).sort()).toEqual([...keys].sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of keys) expect(holes(configMessages.en[k]), k).toEqual(holes(configMessages.ja[k]));
  });

  it("renders the recording-URL refusal in plain words in both languages", () => {
    expect(translator(configMessages, "ja")("fields.recording_link_refused", { code: "録音" })).toContain("録音URLが複数");
    expect(translator(configMessages, "en")("fields.recording_link_refused", { code: "rec" })).toContain("several recording URLs");
  });
});
