// What kind of "could not reach it" a proxy rejection was, read from the error text kintone's proxy passes on
// (Node/undici and OpenSSL wording: `connect ECONNREFUSED 127.0.0.1:21999`, `ssl3_get_record:wrong version number`).
import type { Translate } from "./context";

export type NetworkFailureClass = "refused" | "name_not_found" | "tls" | "timeout" | "unreachable";

// Host names can contain "ssl" or "tls": the TLS pattern names OpenSSL's and Node's own wording only.
const PATTERNS: [Exclude<NetworkFailureClass, "unreachable">, RegExp][] = [
  ["refused", /ECONNREFUSED|connection refused/i],
  ["name_not_found", /ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo|NAME_NOT_RESOLVED/],
  [
    "tls",
    /SSL routines|ssl3_|ERR_SSL_|ERR_TLS_|EPROTO|wrong version number|packet length too long|secure TLS connection|certificate|CERT_|self[- ]signed|UNABLE_TO_VERIFY/,
  ],
  ["timeout", /ETIMEDOUT|timed? ?out|TimeoutError|CONNECT_TIMEOUT|HEADERS_TIMEOUT/i],
];

/** A plain-http request to a TLS port is cut by the server: that is a scheme mismatch, not an outage. */
const CLOSED = /ECONNRESET|socket hang up|other side closed|UND_ERR_SOCKET/i;

export function classifyNetworkFailure(reason: string, url: string): NetworkFailureClass {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(reason)) return kind;
  if (CLOSED.test(reason) && /^http:/i.test(url)) return "tls";
  return "unreachable";
}

/** The host of a URL for "名前が見つかりません", or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** One plain sentence for the class, naming what could not be reached. */
export function networkFailureText(t: Translate, kind: NetworkFailureClass, service: "callconnect" | "connector", url: string): string {
  return t(`net.${kind}`, { service: t(`service.${service}`), host: hostOf(url) });
}
