// Validation of the config screen's draft before anything is saved. Pure; messages come from ./messages.ts.
import { CUSTOMER_FIELD_KEYS, HISTORY_FIELD_KEYS, type Settings } from "../src/shared/settings";
import {
  accepts,
  callIdNotUnique,
  customerMappedCodes,
  historyMappedCodes,
  refusalOf,
  requiredUnmapped,
  type AppForm,
  type MappingTarget,
} from "./fields";
import type { ConfigMessageKey } from "./messages";
import { agentIssues } from "./agents";
import { resultIssues } from "./screen-pop";
import { emptySecrets, SECRET_NAMES, type SecretName, type Secrets } from "../src/shared/contract/connector";

/** Secrets typed on the screen. "" means "keep the saved one". They never enter Settings. */
export type SecretInputs = Secrets;
export { emptySecrets, SECRET_NAMES, type SecretName };

export interface ConfigDraft {
  settings: Settings;
  secrets: SecretInputs;
  /** Which secrets already exist in the proxy config. */
  saved: Record<SecretName, boolean>;
}

export interface ValidationContext {
  customerForm: AppForm;
  /** null while no history app is chosen or its fields could not be read. */
  historyForm: AppForm | null;
  spaceIds: string[];
}

/** `target` names the control the message belongs beside (a settings path or `secrets.<name>`). */
export interface ConfigIssue {
  target: string;
  key: ConfigMessageKey;
  params?: Record<string, string>;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https anywhere; plain http only for a local host (the sandbox, a connector on the same machine). */
export function urlProblem(value: string): "url.invalid" | "url.not_https" | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "url.invalid";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) return null;
  return url.protocol === "http:" ? "url.not_https" : "url.invalid";
}

/** Base URLs are joined with relative paths (`api/v1/ping`), so they must end with a slash. */
export function normalizeBaseUrl(value: string): string {
  const trimmed = value.trim();
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

export function validateUrlTemplate(template: string): ConfigMessageKey | null {
  if (template.trim() === "") return "clickToCall.template_required";
  if (!template.includes("{number}")) return "clickToCall.template_no_placeholder";
  return urlProblem(template.replace(/\{number\}/g, "0312345678")) ? "clickToCall.template_not_http" : null;
}

function needSecret(draft: ConfigDraft, name: SecretName, issues: ConfigIssue[]): void {
  if (draft.secrets[name].trim() === "" && !draft.saved[name]) issues.push({ target: `secrets.${name}`, key: "secret.required" });
}

function checkMapping(target: MappingTarget, code: string, form: AppForm, path: string, issues: ConfigIssue[]): void {
  if (!code) return;
  const field = form.fields.find((f) => f.code === code);
  if (!field) {
    issues.push({ target: path, key: "mapping.missing_field", params: { code } });
    return;
  }
  const refusal = refusalOf(target, field);
  if (refusal) issues.push({ target: path, key: refusal, params: { code } });
  else if (!accepts(target, field)) issues.push({ target: path, key: "mapping.incompatible", params: { code } });
}

export function validateConfig(draft: ConfigDraft, ctx: ValidationContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const s = draft.settings;

  const base = s.callconnect.baseUrl.trim();
  if (base === "") issues.push({ target: "callconnect.baseUrl", key: "url.required" });
  else {
    const p = urlProblem(base);
    if (p) issues.push({ target: "callconnect.baseUrl", key: p });
  }
  needSecret(draft, "callconnectToken", issues);

  if (s.customer.phoneFields.length === 0) issues.push({ target: "customer.phoneFields", key: "customer.phone_required" });
  for (const code of s.customer.phoneFields) checkMapping("customer.phone", code, ctx.customerForm, "customer.phoneFields", issues);
  for (const key of CUSTOMER_FIELD_KEYS)
    checkMapping(`customer.${key}`, s.customer.fields[key], ctx.customerForm, `customer.fields.${key}`, issues);

  const connectorUrl = s.connector.url.trim();
  const needsConnector: [boolean, string][] = [
    [s.customer.createUnknownCallers, "customer.createUnknownCallers"],
    [s.basicAuth.enabled, "basicAuth.enabled"],
    [s.history.enabled, "history.enabled"],
  ];
  for (const [on, target] of needsConnector) if (on && connectorUrl === "") issues.push({ target, key: "connector.required_for_feature" });

  if (s.basicAuth.enabled) {
    needSecret(draft, "basicAuthUser", issues);
    needSecret(draft, "basicAuthPassword", issues);
  }

  if (s.history.enabled) {
    if (s.history.appId === "") issues.push({ target: "history.appId", key: "history.app_required" });
    needSecret(draft, "historyApiToken", issues);
    if (s.history.events.length === 0) issues.push({ target: "history.events", key: "history.events_required" });
    if (ctx.historyForm) {
      for (const key of HISTORY_FIELD_KEYS)
        checkMapping(`history.${key}`, s.history.fields[key], ctx.historyForm, `history.fields.${key}`, issues);
    }
    for (const key of ["phone", "callId", "datetime"] as const) {
      if (s.history.fields[key] === "") issues.push({ target: `history.fields.${key}`, key: "history.field_required" });
    }
  }
  if (s.history.panelSpaceId !== "" && !ctx.spaceIds.includes(s.history.panelSpaceId)) {
    issues.push({ target: "history.panelSpaceId", key: "history.space_missing", params: { id: s.history.panelSpaceId } });
  }

  if (s.clickToCall.mode === "webphone") {
    const problem = validateUrlTemplate(s.clickToCall.urlTemplate);
    if (problem) issues.push({ target: "clickToCall.urlTemplate", key: problem });
  }
  const anyView = s.clickToCall.views.detail || s.clickToCall.views.list || s.clickToCall.views.mobile;
  if (anyView && s.clickToCall.phoneFields.length === 0)
    issues.push({ target: "clickToCall.phoneFields", key: "clickToCall.phone_required" });
  for (const code of s.clickToCall.phoneFields) checkMapping("customer.phone", code, ctx.customerForm, "clickToCall.phoneFields", issues);

  for (const i of agentIssues(s.agents)) issues.push({ target: "agents", ...i });
  for (const i of resultIssues(s.screenPop.results)) issues.push({ target: "screenPop.results", ...i });

  if (connectorUrl !== "") {
    const p = urlProblem(connectorUrl);
    if (p) issues.push({ target: "connector.url", key: p });
    needSecret(draft, "connectorSecret", issues);
    needSecret(draft, "customerApiToken", issues);
  }
  return issues;
}

/** Things worth saying that do not block saving. */
export function configWarnings(draft: ConfigDraft, ctx: ValidationContext): ConfigIssue[] {
  const s = draft.settings;
  const warnings: ConfigIssue[] = [];
  const customerGaps = requiredUnmapped(ctx.customerForm, customerMappedCodes(s));
  if (customerGaps.length > 0) {
    warnings.push({
      target: "customer.required",
      key: "customer.required_unmapped",
      params: { fields: customerGaps.map((f) => f.label).join("、") },
    });
  }
  if (s.history.enabled && ctx.historyForm) {
    const gaps = requiredUnmapped(ctx.historyForm, historyMappedCodes(s));
    if (gaps.length > 0)
      warnings.push({
        target: "history.required",
        key: "history.required_unmapped",
        params: { fields: gaps.map((f) => f.label).join("、") },
      });
    if (s.history.fields.callId && callIdNotUnique(ctx.historyForm, s.history.fields.callId)) {
      warnings.push({ target: "history.fields.callId", key: "history.callid_not_unique" });
    }
    if (s.screenPop.enabled && s.screenPop.results.some((r) => r.trim() !== "") && !s.history.fields.result)
      warnings.push({ target: "screenPop.results", key: "screenPop.result_unmapped" });
  }
  return warnings;
}
