import { describe, expect, it } from "vitest";
import { pingCallConnect } from "../../config-ui/connection-check";
import { ProxyUnreachableError, type ProxyCall } from "../../src/kintone-js/proxy";

const answering =
  (status: number, body: string): ProxyCall =>
  async () => ({ status, body, headers: {} });

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

  it("names each failure", async () => {
    expect(await pingCallConnect(answering(401, "{}"), "https://cc.example/", "x")).toEqual({ kind: "unauthorized" });
    expect(await pingCallConnect(answering(404, "nope"), "https://cc.example/", "x")).toEqual({ kind: "not_found" });
    expect(await pingCallConnect(answering(500, "{}"), "https://cc.example/", "x")).toEqual({ kind: "other_status", status: 500 });
    expect(await pingCallConnect(answering(200, "<html>"), "https://cc.example/", "x")).toEqual({ kind: "bad_body" });
    const down: ProxyCall = async (url) => {
      throw new ProxyUnreachableError(url, "ECONNREFUSED");
    };
    expect(await pingCallConnect(down, "https://cc.example/", "x")).toEqual({ kind: "unreachable", reason: "ECONNREFUSED" });
  });
});
