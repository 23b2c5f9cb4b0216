// kintone through @kintone/rest-api-client: one client per app with that app's API token (kintone checks the
// token of the app addressed), Basic auth when the tenant is IP-restricted, and system field codes by type.
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import type { AppRegistration } from "../store/types";
import { kintoneFailure, WorkError, type Permission } from "../errors";
import type { KintoneGate } from "./kintone-gate";

export interface FormInfo {
  /** Field code → type, from GET app/form/fields.json. */
  types: Record<string, string>;
  unique: Set<string>;
  required: Set<string>;
  updatedTime: string;
  recordNumber: string;
  /** Text fields with a maximum length set (文字数の上限). */
  maxLength: Record<string, number>;
}

export interface KintoneAccess {
  customers: KintoneRestAPIClient;
  history: KintoneRestAPIClient;
  customerApp: string;
  historyApp: string;
  form(app: string, permission?: Permission): Promise<FormInfo>;
  /** The form is read again on next use (kintone named a field the cached form does not have). */
  forgetForm(app: string): void;
  /** Counts requests so a sync can log what it used. */
  readonly requests: { count: number };
}

/** Forms change rarely; a write naming an unknown field, or saved settings (a new access), read it again. */
const FORM_TTL_MS = 24 * 60 * 60_000;

export function createKintoneAccess(reg: AppRegistration, options: { timeoutMs?: number; gate?: KintoneGate } = {}): KintoneAccess {
  const requests = { count: 0 };
  const basicAuth =
    reg.settings.basicAuth.enabled && reg.secrets.basicAuthUser
      ? { username: reg.secrets.basicAuthUser, password: reg.secrets.basicAuthPassword }
      : undefined;
  const make = (token: string) => {
    if (!token) throw new WorkError(true, { key: "error.auth", params: { app: reg.appId, step: "API token is not registered" } });
    const client = new KintoneRestAPIClient({
      baseUrl: reg.kintoneBaseUrl.replace(/\/+$/, ""),
      auth: { apiToken: token },
      ...(basicAuth ? { basicAuth } : {}),
      socketTimeout: options.timeoutMs ?? 30_000,
    });
    // Count every HTTP request the client makes, whatever method builds it.
    const http = (client as unknown as { record: { client: Record<string, (...a: unknown[]) => Promise<unknown>> } }).record.client;
    for (const m of ["get", "getData", "post", "postData", "put", "delete"] as const) {
      const orig = http[m];
      if (typeof orig === "function") {
        http[m] = (...a: unknown[]) => {
          requests.count++;
          const gate = options.gate;
          return gate ? gate.through(reg, () => orig.apply(http, a)) : orig.apply(http, a);
        };
      }
    }
    return client;
  };
  const historyApp = reg.settings.history.appId;
  const customers = make(reg.secrets.customerApiToken);
  const history = historyApp && reg.settings.history.enabled ? make(reg.secrets.historyApiToken) : customers;
  const forms = new Map<string, { at: number; info: FormInfo }>();
  return {
    customers,
    history,
    customerApp: reg.appId,
    historyApp,
    requests,
    forgetForm: (app) => void forms.delete(app),
    async form(app, permission = "view") {
      const cached = forms.get(app);
      if (cached && Date.now() - cached.at < FORM_TTL_MS) return cached.info;
      const client = app === reg.appId ? customers : history;
      const { properties } = await client.app.getFormFields({ app }).catch((err: unknown) => {
        throw kintoneFailure(err, { app, step: "read form fields", permission });
      });
      const info: FormInfo = { types: {}, unique: new Set(), required: new Set(), updatedTime: "", recordNumber: "", maxLength: {} };
      for (const p of Object.values(properties)) {
        info.types[p.code] = p.type;
        if ("unique" in p && p.unique) info.unique.add(p.code);
        if ("required" in p && p.required) info.required.add(p.code);
        if (p.type === "UPDATED_TIME") info.updatedTime = p.code;
        if (p.type === "RECORD_NUMBER") info.recordNumber = p.code;
        const max = "maxLength" in p ? Number(p.maxLength) : NaN;
        if (max > 0) info.maxLength[p.code] = max;
      }
      forms.set(app, { at: Date.now(), info });
      return info;
    },
  };
}

/** A value inside a kintone query string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
