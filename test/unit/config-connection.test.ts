import { describe, expect, it } from "vitest";
import { pingCallConnect } from "../../config-ui/connection-check";
import { classifyNetworkFailure, networkFailureText } from "../../config-ui/network-failure";
import { translator } from "../../src/shared/i18n";
import { configMessages } from "../../config-ui/messages";
import { ProxyUnreachableError, type ProxyCall } from "../../src/kintone-js/proxy";

const answering =
  (status: number, body: string): ProxyCall =>
  async () => ({ status, body, headers: {} });
const failing =
  (reason: string): ProxyCall =>
  async (url) => {
    throw new ProxyUnreachableError(url, reason);
  };

describe("接続確認", () => {
  it("sends GET {base}api/v1/ping with the Bearer token and reports the account", async () => {
    const seen: string[] = [];
    const proxy: ProxyCall = async (url, method, headers) => {
      seen.push(`${method} ${url} ${headers.Authorization}`);
      return { status: 200, body: JSON.stringify({ ok: true, account: { name: "サンドボックス" } }), headers: {} };
    };
    expect(await pingCallConnect(proxy, "https://cc.example/", "tok")).toEqual({ kind: "ok", account: "サンドボックス" });
    expect(seen).toEqual(["GET https://cc.example/api/v1/ping Bearer tok"]);
  });

  it("names each answered failure and keeps the answer for the details", async () => {
    const base = "https://cc.example/";
    expect(await pingCallConnect(answering(401, '{"error":"bad token"}'), base, "x")).toEqual({
      kind: "unauthorized",
      status: 401,
      details: 'HTTP 401: {"error":"bad token"}',
    });
    expect(await pingCallConnect(answering(403, ""), base, "x")).toMatchObject({ kind: "unauthorized", status: 403, details: "HTTP 403" });
    expect(await pingCallConnect(answering(404, "nope"), base, "x")).toEqual({ kind: "not_found", details: "HTTP 404: nope" });
    for (const status of [500, 502, 503, 504])
      expect(await pingCallConnect(answering(status, "{}"), base, "x")).toMatchObject({ kind: "server_error", status });
    expect(await pingCallConnect(answering(418, "{}"), base, "x")).toMatchObject({ kind: "other_status", status: 418 });
    expect(await pingCallConnect(answering(200, "<html>"), base, "x")).toMatchObject({ kind: "bad_body" });
    expect((await pingCallConnect(answering(500, "x".repeat(5000)), base, "x")) as { details: string }).toHaveProperty(
      "details",
      `HTTP 500: ${"x".repeat(500)}`,
    );
  });

  it("tells refused, unknown name, TLS mismatch and timeout apart from what the proxy passed on", async () => {
    const cases: [string, string, string][] = [
      ["https://cc.example/", "could not connect to https://cc.example/api/v1/ping: connect ECONNREFUSED 127.0.0.1:21999", "refused"],
      ["https://nosuch.example/", "getaddrinfo ENOTFOUND nosuch.example", "name_not_found"],
      ["https://cc.example/", "write EPROTO C0F7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number", "tls"],
      ["https://cc.example/", "self-signed certificate", "tls"],
      ["http://cc.example:443/", "other side closed", "tls"],
      ["https://cc.example/", "The operation was aborted due to timeout", "timeout"],
      ["https://cc.example/", "connect ETIMEDOUT 10.0.0.1:443", "timeout"],
      ["https://ssl.example/", "getaddrinfo ENOTFOUND ssl.example", "name_not_found"],
      ["https://cc.example/", "other side closed", "unreachable"],
      ["https://cc.example/", "", "unreachable"],
    ];
    for (const [url, reason, kind] of cases) {
      expect(await pingCallConnect(failing(reason), url, "x"), reason).toEqual({ kind, details: reason });
      expect(classifyNetworkFailure(reason, url)).toBe(kind);
    }
  });

  it("words every class as one plain sentence in both languages, without the raw error", () => {
    for (const lang of ["ja", "en"] as const) {
      const t = translator(configMessages, lang);
      const texts = (["refused", "name_not_found", "tls", "timeout", "unreachable"] as const).map((k) =>
        networkFailureText(t, k, "callconnect", "https://nosuch.example:8443/"),
      );
      expect(new Set(texts).size).toBe(5);
      for (const text of texts) expect(text).not.toMatch(/ECONN|ENOTFOUND|ssl3|\{/);
    }
    const ja = translator(configMessages, "ja");
    expect(networkFailureText(ja, "name_not_found", "callconnect", "https://nosuch.example:8443/")).toContain("nosuch.example:8443");
    expect(networkFailureText(ja, "refused", "connector", "https://c.example/")).toMatch(/^コネクタのサーバーに接続を拒否されました。/);
  });
});
