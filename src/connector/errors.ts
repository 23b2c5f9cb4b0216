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

const TRANSIENT_NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ECONNABORTED|EPIPE|EAI_AGAIN|ENOTFOUND|socket hang up|timeout|network/i;

export function kintoneFailure(err: unknown, at: KintoneStep): WorkError {
  const base = { app: at.app, step: at.step };
  if (err instanceof WorkError) return err;
  if (err instanceof KintoneRestAPIError) {
    const s = err.status;
    if (s === 429 || s >= 500 || err.code === "GAIA_CO02" || err.code === "GAIA_TO04") {
      return new WorkError(false, { key: "error.other", params: { step: at.step, details: `kintone ${s} ${err.code}` } });
    }
    if (s === 403 || err.code === "CB_NO02" || err.code === "GAIA_NO01")
      return new WorkError(true, { key: "error.permission", params: { ...base, permission: at.permission } });
    if (s === 401) return new WorkError(true, { key: "error.auth", params: base });
    if (err.code === "GAIA_AP01") return new WorkError(true, { key: "error.app_missing", params: base });
    if (s === 400 || err.code === "CB_VA01")
      return new WorkError(true, { key: "error.validation", params: { ...base, details: validationDetails(err.errors) || err.message } });
    return new WorkError(true, { key: "error.other", params: { step: at.step, details: `kintone ${s} ${err.code}: ${err.message}` } });
  }
  const message = err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}` : String(err);
  // No answer (refused, reset, timed out): kintone may be back later.
  const transient = TRANSIENT_NETWORK.test(message) || !(err instanceof TypeError || err instanceof RangeError);
  return new WorkError(!transient, { key: "error.other", params: { step: at.step, details: message.trim().slice(0, 300) } });
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
