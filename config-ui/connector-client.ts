// The connector's registration API as the config screen uses it (PUT settings, GET status, POST sync, failed work).
import * as v from "valibot";
import {
  AppStatusSchema,
  RegistrationReplySchema,
  type AppSecrets,
  type AppStatus,
  type Registration,
  type WebhookUrls,
} from "../src/shared/contract/connector";
import type { Settings } from "../src/shared/settings";
import { CONNECTOR_SECRET_HEADER } from "../src/shared/contract/headers";
import { ProxyUnreachableError, type ProxyCall, type ProxyResponse } from "../src/kintone-js/proxy";

export type ConnectorSecrets = AppSecrets;
export type Webhooks = WebhookUrls;

export type ConnectorFailure =
  | { kind: "unreachable"; reason: string }
  | { kind: "unauthorized"; status: number }
  | { kind: "other_status"; status: number }
  | { kind: "bad_body" };

export type ConnectorResult<T> = ({ kind: "ok" } & T) | ConnectorFailure;

async function call(
  proxy: ProxyCall,
  url: string,
  method: string,
  secret: string,
  body: unknown,
): Promise<ProxyResponse | ConnectorFailure> {
  const headers: Record<string, string> = { [CONNECTOR_SECRET_HEADER]: secret };
  if (method !== "GET") headers["Content-Type"] = "application/json";
  try {
    return await proxy(url, method, headers, method === "GET" ? {} : JSON.stringify(body));
  } catch (err) {
    if (err instanceof ProxyUnreachableError) return { kind: "unreachable", reason: err.reason };
    throw err;
  }
}

function failureOf(resp: ProxyResponse): ConnectorFailure | null {
  if (resp.status === 401 || resp.status === 403) return { kind: "unauthorized", status: resp.status };
  if (resp.status === 502 || resp.status === 504) return { kind: "unreachable", reason: `HTTP ${resp.status}` };
  if (resp.status < 200 || resp.status >= 300) return { kind: "other_status", status: resp.status };
  return null;
}

function parse(resp: ProxyResponse): unknown {
  try {
    return JSON.parse(resp.body);
  } catch {
    return undefined;
  }
}

const appUrl = (connectorUrl: string, appId: string, tail: string) => `${connectorUrl}api/apps/${encodeURIComponent(appId)}/${tail}`;

export async function registerWithConnector(
  proxy: ProxyCall,
  args: { connectorUrl: string; appId: string; secret: string; settings: Settings; secrets: ConnectorSecrets; kintoneBaseUrl: string },
): Promise<ConnectorResult<{ webhooks: Webhooks }>> {
  const body: Registration = { settings: args.settings, secrets: args.secrets, kintoneBaseUrl: args.kintoneBaseUrl };
  const resp = await call(proxy, appUrl(args.connectorUrl, args.appId, "settings"), "PUT", args.secret, body);
  if ("kind" in resp) return resp;
  const failure = failureOf(resp);
  if (failure) return failure;
  const reply = v.safeParse(RegistrationReplySchema, parse(resp));
  if (!reply.success) return { kind: "bad_body" };
  return { kind: "ok", webhooks: reply.output.webhooks };
}

export async function connectorStatus(
  proxy: ProxyCall,
  connectorUrl: string,
  appId: string,
  secret: string,
  lang: "ja" | "en" = "ja",
): Promise<ConnectorResult<{ status: AppStatus }>> {
  // Reasons come back already worded in the admin's language.
  const resp = await call(proxy, `${appUrl(connectorUrl, appId, "status")}?lang=${lang}`, "GET", secret, undefined);
  if ("kind" in resp) return resp;
  const failure = failureOf(resp);
  if (failure) return failure;
  const status = v.safeParse(AppStatusSchema, parse(resp));
  if (!status.success) return { kind: "bad_body" };
  return { kind: "ok", status: status.output };
}

export async function connectorSync(
  proxy: ProxyCall,
  connectorUrl: string,
  appId: string,
  secret: string,
): Promise<ConnectorResult<object>> {
  return post(proxy, appUrl(connectorUrl, appId, "sync"), secret);
}

/** An admin action without an answer body: ok, or what went wrong. */
async function post(proxy: ProxyCall, url: string, secret: string): Promise<ConnectorResult<object>> {
  const resp = await call(proxy, url, "POST", secret, {});
  if ("kind" in resp) return resp;
  return failureOf(resp) ?? { kind: "ok" };
}

export type FailureAction = "retry" | "dismiss";

/** POST …/failures/{id}/retry puts failed work back in the queue; …/dismiss gives it up. */
export async function connectorFailureAction(
  proxy: ProxyCall,
  connectorUrl: string,
  appId: string,
  secret: string,
  failureId: number,
  action: FailureAction,
): Promise<ConnectorResult<object>> {
  return post(proxy, appUrl(connectorUrl, appId, `failures/${encodeURIComponent(String(failureId))}/${action}`), secret);
}

/** POST …/deletes/confirm: the administrator's word that the held customers may be checked one by one and removed. */
export async function connectorConfirmDeletes(
  proxy: ProxyCall,
  connectorUrl: string,
  appId: string,
  secret: string,
): Promise<ConnectorResult<object>> {
  return post(proxy, appUrl(connectorUrl, appId, "deletes/confirm"), secret);
}
