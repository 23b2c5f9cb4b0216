// Every failure of a work step becomes a WorkError: transient (retry with backoff) or permanent (stop, say why).
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import type { CallConnectError } from "../shared/callconnect/client";
import { translator, type Lang } from "../shared/i18n";
import { connectorMessages, type ConnectorMessageKey } from "../shared/messages/connector";

export type Permission = "view" | "add" | "edit" | "delete";

/** A user-facing reason: a message key and its parameters, rendered per language when shown. */
export interface Reason {
  key: ConnectorMessageKey;
  params: Record<string, string>;
}

export class WorkError extends Error {
  constructor(
    readonly permanent: boolean,
    readonly reason: Reason,
    readonly retryAfterMs = 0,
  ) {
    super(renderReason(reason, "en"));
    this.name = "WorkError";
  }
}

export function renderReason(reason: Reason, lang: Lang): string {
  const t = translator(connectorMessages, lang);
  const params = { ...reason.params };
  if (params.permission) params.permission = t(`permission.${params.permission}` as ConnectorMessageKey);
  // The step in the reader's language; a step without words of its own stays as written.
  const step = `step.${params.step}`;
  if (params.step && step in connectorMessages.ja) params.step = t(step as ConnectorMessageKey);
  return t(reason.key, params);
}

/** A step against kintone: which app, what it was doing, which token permission it needs. */
export interface KintoneStep {
  app: string;
  step: string;
  permission: Permission;
}

function validationDetails(errors: unknown): string {
  if (!errors || typeof errors !== "object") return "";
  return Object.entries(errors as Record<string, { messages?: string[] }>)
    .map(([k, e]) => `${k}: ${(e.messages ?? []).join(" ")}`)
    .join("; ")
    .slice(0, 500);
}

/** kintone's codes that no retry can change: the record's values, the token, the app, a field. */
const PERMISSION_CODES = new Set(["CB_NO02", "GAIA_NO01"]);
const AUTH_CODES = new Set(["CB_WA01", "CB_AU01", "GAIA_IA02", "GAIA_IA03"]);
const MISSING_APP_CODES = new Set(["GAIA_AP01"]);
const MISSING_FIELD_CODES = new Set(["GAIA_IQ11", "GAIA_FN11", "GAIA_FC01"]);

/**
 * Only kintone's own permanent answers stop: invalid values (CB_VA01), a missing permission, a wrong token, a
 * missing app or field. Everything else — 5xx, 429, resets, timeouts, an answer of a shape we did not expect,
 * a code we do not know — may be gone on the next try, and nothing is lost by trying again.
 */
export function kintoneFailure(err: unknown, at: KintoneStep): WorkError {
  const base = { app: at.app, step: at.step };
  if (err instanceof WorkError) return err;
  if (err instanceof KintoneRestAPIError) {
    const code = err.code;
    if (PERMISSION_CODES.has(code)) return new WorkError(true, { key: "error.permission", params: { ...base, permission: at.permission } });
    // A bare 401 (a Basic-auth layer in front of kintone answers without a code) is a setting to fix too.
    if (AUTH_CODES.has(code) || err.status === 401) return new WorkError(true, { key: "error.auth", params: base });
    if (MISSING_APP_CODES.has(code)) return new WorkError(true, { key: "error.app_missing", params: base });
    if (MISSING_FIELD_CODES.has(code)) return new WorkError(true, { key: "error.validation", params: { ...base, details: err.message } });
    if (code === "CB_VA01")
      return new WorkError(true, { key: "error.validation", params: { ...base, details: validationDetails(err.errors) || err.message } });
    return new WorkError(false, { key: "error.other", params: { step: at.step, details: `kintone ${err.status} ${code}`.trim() } });
  }
  const message = err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}` : String(err);
  return new WorkError(false, { key: "error.other", params: { step: at.step, details: message.trim().slice(0, 300) } });
}

/** The record indexes a bulk write's validation error names (records[3].担当者.value → 3); empty when none. */
export function refusedIndexes(err: unknown): number[] {
  if (!(err instanceof KintoneRestAPIError) || err.code !== "CB_VA01" || !err.errors || typeof err.errors !== "object") return [];
  const found = Object.keys(err.errors as Record<string, unknown>).map((k) => /^records\[(\d+)\]/.exec(k)?.[1]);
  return [...new Set(found.filter((x): x is string => x !== undefined).map(Number))];
}

export function callconnectFailure(error: CallConnectError, step: string): WorkError {
  if (error.kind === "unauthorized") return new WorkError(true, { key: "error.callconnect_auth", params: { step } });
  const transient = error.kind === "unreachable" || error.kind === "rate_limited" || error.kind === "server_error";
  return new WorkError(
    !transient,
    { key: "error.other", params: { step, details: `CallConnect ${error.status} ${error.message}`.slice(0, 300) } },
    (error.retryAfter ?? 0) * 1000,
  );
}
