// 接続確認: GET {baseUrl}api/v1/ping through kintone.proxy with the token, turned into a plain-words result.
// src/shared/callconnect/ had no client yet when this was written, so the ping is sent here directly.
import { bearer, CALLCONNECT_TOKEN_HEADER } from "../src/shared/contract/headers";
import { ProxyUnreachableError, type ProxyCall } from "../src/kintone-js/proxy";
import { classifyNetworkFailure, type NetworkFailureClass } from "./network-failure";

/** Every failure carries the raw text (error or answer) for the folded details; the sentence comes from `kind`. */
export type PingResult =
  | { kind: "ok"; account: string }
  | { kind: NetworkFailureClass; details: string }
  | { kind: "unauthorized" | "server_error" | "other_status"; status: number; details: string }
  | { kind: "not_found" | "bad_body"; details: string };

const DETAILS_MAX = 500;
const answerDetails = (status: number, body: string) => `HTTP ${status}${body.trim() ? `: ${body.trim().slice(0, DETAILS_MAX)}` : ""}`;

export async function pingCallConnect(proxy: ProxyCall, baseUrl: string, token: string): Promise<PingResult> {
  const url = `${baseUrl}api/v1/ping`;
  let resp;
  try {
    resp = await proxy(url, "GET", { [CALLCONNECT_TOKEN_HEADER]: bearer(token) }, {});
  } catch (err) {
    if (err instanceof ProxyUnreachableError) return { kind: classifyNetworkFailure(err.reason, url), details: err.reason };
    throw err;
  }
  const { status } = resp;
  const details = answerDetails(status, resp.body);
  if (status === 0) return { kind: "unreachable", details };
  if (status === 401 || status === 403) return { kind: "unauthorized", status, details };
  if (status === 404) return { kind: "not_found", details };
  if (status >= 500 && status <= 599) return { kind: "server_error", status, details };
  if (status !== 200) return { kind: "other_status", status, details };
  try {
    const body = JSON.parse(resp.body) as { ok?: unknown; account?: { name?: unknown } };
    if (body.ok !== true) return { kind: "bad_body", details };
    return { kind: "ok", account: String(body.account?.name ?? "") };
  } catch {
    return { kind: "bad_body", details };
  }
}
