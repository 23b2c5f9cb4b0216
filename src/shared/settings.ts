// The plugin's settings: one versioned schema shared by the config screen, the record views and the connector.
// Stored in kintone's string-only plugin config as JSON under one key. Secrets are never part of it:
// tokens and passwords live in the proxy config (browser) or the connector's encrypted store.
import * as v from "valibot";

export const SETTINGS_VERSION = 2;
export const CONFIG_KEY = "settings";
/** kintone rejects a config value longer than this. */
export const MAX_CONFIG_VALUE_LENGTH = 65_535;

/** The 通知イベント a user can choose: which call events write a call-history record. */
export const CALL_EVENTS = ["call_ended", "call_missed", "memo_saved", "transcription_done"] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

export const CLICK_TO_CALL_MODES = ["tel", "webphone", "api"] as const;
export type ClickToCallMode = (typeof CLICK_TO_CALL_MODES)[number];

/** Customer fields CallConnect knows; each maps to a kintone field code ("" = not mapped). */
export const CUSTOMER_FIELD_KEYS = ["name", "company", "email", "address", "memo"] as const;
export type CustomerFieldKey = (typeof CUSTOMER_FIELD_KEYS)[number];

/** Call-history fields; each maps to a kintone field code of the history app ("" = not mapped). */
export const HISTORY_FIELD_KEYS = [
  "phone",
  "normalizedPhone",
  "callId",
  "datetime",
  "direction",
  "status",
  "duration",
  "agent",
  "memo",
  "recordingUrls",
  "transcription",
  "customer",
  "result",
] as const;
export type HistoryFieldKey = (typeof HISTORY_FIELD_KEYS)[number];

const fieldCode = v.pipe(v.string(), v.maxLength(128));

export interface ScreenPopSettings {
  enabled: boolean;
  /** Open the record at once when exactly one customer matches. */
  openAtOnce: boolean;
  /** The wrap-up results the agent chooses from after a call; empty = no wrap-up. */
  results: string[];
}

/** No wrap-up until an admin offers results (the config screen suggests some on a first setup). */
export function defaultScreenPop(): ScreenPopSettings {
  return { enabled: true, openAtOnce: false, results: [] };
}

const SettingsSchema = v.object({
  version: v.literal(SETTINGS_VERSION),
  callconnect: v.object({
    /** Base URL of the CallConnect API; the token is in the proxy config for this URL. */
    baseUrl: v.string(),
  }),
  connector: v.object({
    /** Base URL of the connector ("" when none is used). Its shared secret is in the proxy config. */
    url: v.string(),
  }),
  customer: v.object({
    phoneFields: v.array(fieldCode),
    fields: v.object({
      name: fieldCode,
      company: fieldCode,
      email: fieldCode,
      address: fieldCode,
      memo: fieldCode,
    }),
    /** 顧客作成: create a customer when an unknown number calls. */
    createUnknownCallers: v.boolean(),
  }),
  /** Basic auth for IP-restricted tenants; the user and password themselves are secrets kept elsewhere. */
  basicAuth: v.object({ enabled: v.boolean() }),
  history: v.object({
    /** 通話履歴の作成 */
    enabled: v.boolean(),
    appId: v.string(),
    fields: v.object({
      phone: fieldCode,
      normalizedPhone: fieldCode,
      callId: fieldCode,
      datetime: fieldCode,
      direction: fieldCode,
      status: fieldCode,
      duration: fieldCode,
      agent: fieldCode,
      memo: fieldCode,
      recordingUrls: fieldCode,
      transcription: fieldCode,
      customer: fieldCode,
      /** The agent's wrap-up result (screen pop); absent in settings saved before it existed. */
      result: v.optional(fieldCode, ""),
    }),
    /** 通知イベント */
    events: v.array(v.picklist(CALL_EVENTS)),
    /** Space field on the customer record that shows the call-history panel ("" = end of the record). */
    panelSpaceId: fieldCode,
  }),
  clickToCall: v.object({
    mode: v.picklist(CLICK_TO_CALL_MODES),
    /** Web-phone URL with a {number} placeholder (mode "webphone"). */
    urlTemplate: v.string(),
    phoneFields: v.array(fieldCode),
    views: v.object({ detail: v.boolean(), list: v.boolean(), mobile: v.boolean() }),
  }),
  /** Screen pop: the caller's record on the agent's screen when the phone rings (docs/screen-pop.md). */
  screenPop: v.optional(
    v.object({
      enabled: v.boolean(),
      /** Open the record at once when exactly one customer matches. */
      openAtOnce: v.boolean(),
      /** The wrap-up results the agent chooses from after a call; empty = no wrap-up. */
      results: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(30)),
    }),
    defaultScreenPop,
  ),
  /** CallConnect agents whose e-mail or login name matches no kintone user: credited to this user instead. */
  agents: v.optional(v.array(v.object({ callconnect: v.pipe(v.string(), v.maxLength(254)), kintoneUser: fieldCode })), []),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

/** Version 1 mapped exactly one phone field and had no click-to-call or connector section. */
const SettingsV1Schema = v.object({
  version: v.literal(1),
  endpoint: v.string(),
  phoneField: fieldCode,
  nameField: v.optional(fieldCode, ""),
  companyField: v.optional(fieldCode, ""),
  emailField: v.optional(fieldCode, ""),
  addressField: v.optional(fieldCode, ""),
  memoField: v.optional(fieldCode, ""),
  createCustomer: v.optional(v.boolean(), false),
});
type SettingsV1 = v.InferOutput<typeof SettingsV1Schema>;

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    callconnect: { baseUrl: "" },
    connector: { url: "" },
    customer: {
      phoneFields: [],
      fields: { name: "", company: "", email: "", address: "", memo: "" },
      createUnknownCallers: false,
    },
    basicAuth: { enabled: false },
    history: {
      enabled: false,
      appId: "",
      fields: Object.fromEntries(HISTORY_FIELD_KEYS.map((k) => [k, ""])) as Settings["history"]["fields"],
      events: ["call_ended", "call_missed"],
      panelSpaceId: "",
    },
    clickToCall: {
      mode: "tel",
      urlTemplate: "",
      phoneFields: [],
      views: { detail: true, list: true, mobile: true },
    },
    screenPop: defaultScreenPop(),
    agents: [],
  };
}

function migrateV1(old: SettingsV1): Settings {
  const s = defaultSettings();
  s.callconnect.baseUrl = old.endpoint;
  s.customer.phoneFields = old.phoneField ? [old.phoneField] : [];
  s.customer.fields = {
    name: old.nameField,
    company: old.companyField,
    email: old.emailField,
    address: old.addressField,
    memo: old.memoField,
  };
  s.customer.createUnknownCallers = old.createCustomer;
  s.clickToCall.phoneFields = [...s.customer.phoneFields];
  return s;
}

export type SettingsLoadResult =
  { kind: "empty" } | { kind: "ok"; settings: Settings; migratedFrom?: number } | { kind: "invalid"; error: SettingsError };

/** Why stored settings could not be read; `code` selects the user-facing message. */
export class SettingsError extends Error {
  constructor(
    readonly code: "not_json" | "unknown_version" | "schema",
    readonly details: string[] = [],
  ) {
    super(`plugin settings ${code}${details.length ? `: ${details.join("; ")}` : ""}`);
    this.name = "SettingsError";
  }
}

function issuesOf(issues: v.BaseIssue<unknown>[]): string[] {
  return issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`);
}

/** Parses what `kintone.plugin.app.getConfig` returned. Never throws; never fills in silent defaults. */
export function loadSettings(config: Record<string, string> | null | undefined): SettingsLoadResult {
  const raw = config?.[CONFIG_KEY];
  if (raw === undefined || raw === "") return { kind: "empty" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: "invalid", error: new SettingsError("not_json") };
  }
  const version = typeof json === "object" && json !== null ? (json as { version?: unknown }).version : undefined;
  if (version === 1) {
    const old = v.safeParse(SettingsV1Schema, json);
    if (!old.success) return { kind: "invalid", error: new SettingsError("schema", issuesOf(old.issues)) };
    return { kind: "ok", settings: migrateV1(old.output), migratedFrom: 1 };
  }
  if (version !== SETTINGS_VERSION) {
    return { kind: "invalid", error: new SettingsError("unknown_version", [String(version)]) };
  }
  const parsed = v.safeParse(SettingsSchema, json);
  if (!parsed.success) return { kind: "invalid", error: new SettingsError("schema", issuesOf(parsed.issues)) };
  return { kind: "ok", settings: parsed.output };
}

/** Serialises settings for `kintone.plugin.app.setConfig`. Throws when kintone would reject the value. */
export function storeSettings(settings: Settings): Record<string, string> {
  const checked = v.parse(SettingsSchema, settings);
  const value = JSON.stringify(checked);
  if (value.length > MAX_CONFIG_VALUE_LENGTH) {
    throw new SettingsError("schema", [`settings are ${value.length} characters; kintone allows ${MAX_CONFIG_VALUE_LENGTH}`]);
  }
  return { [CONFIG_KEY]: value };
}

/** Every phone field the plugin reads: the customer mapping first, then any extra click-to-call fields. */
export function allPhoneFields(settings: Settings): string[] {
  return [...new Set([...settings.customer.phoneFields, ...settings.clickToCall.phoneFields])];
}
