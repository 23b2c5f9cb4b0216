// 接続確認: GET {baseUrl}api/v1/ping through kintone.proxy with the token, turned into a plain-words result.
// src/shared/callconnect/ had no client yet when this was written, so the ping is sent here directly.
import { bearer, CALLCONNECT_TOKEN_HEADER } from "../src/shared/contract/headers";
import { ProxyUnreachableError, type ProxyCall } from "../src/kintone-js/proxy";

export type PingResult =
  | { kind: "ok"; account: string }
  | { kind: "unreachable"; reason: string }
  | { kind: "unauthorized" }
  | { kind: "not_found" }
  | { kind: "other_status"; status: number }
  | { kind: "bad_body" };

export async function pingCallConnect(proxy: ProxyCall, baseUrl: string, token: string): Promise<PingResult> {
  let resp;
  try {
    resp = await proxy(`${baseUrl}api/v1/ping`, "GET", { [CALLCONNECT_TOKEN_HEADER]: bearer(token) }, {});
  } catch (err) {
    if (err instanceof ProxyUnreachableError) return { kind: "unreachable", reason: err.reason };
    throw err;
  }
  if (resp.status === 401 || resp.status === 403) return { kind: "unauthorized" };
  if (resp.status === 404) return { kind: "not_found" };
  if (resp.status === 0 || resp.status === 502 || resp.status === 504) return { kind: "unreachable", reason: `HTTP ${resp.status}` };
  if (resp.status !== 200) return { kind: "other_status", status: resp.status };
  try {
    const body = JSON.parse(resp.body) as { ok?: unknown; account?: { name?: unknown } };
    if (body.ok !== true) return { kind: "bad_body" };
    return { kind: "ok", account: String(body.account?.name ?? "") };
  } catch {
    return { kind: "bad_body" };
  }
}
