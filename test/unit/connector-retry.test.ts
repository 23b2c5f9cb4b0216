import { describe, expect, it } from "vitest";
import { KintoneRestAPIError } from "@kintone/rest-api-client";
import { backoffDelay } from "../../src/connector/work/retry";
import { callconnectFailure, kintoneFailure, refusedIndexes, renderReason } from "../../src/connector/errors";

const opts = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };

function kintoneError(status: number, code: string, errors?: unknown): KintoneRestAPIError {
  return new KintoneRestAPIError({
    status,
    statusText: "",
    headers: {},
    data: { id: "x", code, message: `${code} message`, ...(errors ? { errors } : {}) },
  });
}

describe("backoff", () => {
  it("doubles per attempt between half and all of the ceiling, and stops growing at the cap", () => {
    expect(backoffDelay(1, opts, () => 0)).toBe(500);
    expect(backoffDelay(1, opts, () => 1)).toBe(1000);
    expect(backoffDelay(3, opts, () => 0)).toBe(2000);
    expect(backoffDelay(3, opts, () => 0.999)).toBeLessThanOrEqual(4000);
    expect(backoffDelay(20, opts, () => 1)).toBe(60_000);
  });

  it("spreads a burst: different random draws give different delays", () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(4, opts, () => r)));
    expect(delays.size).toBe(4);
  });

  it("waits at least as long as a 429's Retry-After, within the cap", () => {
    expect(backoffDelay(1, opts, () => 0, 30_000)).toBe(30_000);
    expect(backoffDelay(1, opts, () => 0, 10 * 60_000)).toBe(60_000);
  });
});

describe("which failures are retried", () => {
  const at = { app: "2", step: "write call history", permission: "add" as const };

  it.each([
    [503, "GAIA_UN03"],
    [500, "CB_IL02"],
    [429, "GAIA_TO04"],
    [409, "GAIA_CO02"],
  ])("retries kintone %i %s", (status, code) => {
    expect(kintoneFailure(kintoneError(status, code), at).permanent).toBe(false);
  });

  it("retries an answer of a shape it did not expect, and a kintone code it does not know", () => {
    // e.g. a proxy's page where JSON was expected: `records is not iterable`.
    expect(kintoneFailure(new TypeError("records is not iterable"), at).permanent).toBe(false);
    expect(kintoneFailure(new RangeError("Invalid time value"), at).permanent).toBe(false);
    expect(kintoneFailure(kintoneError(400, "GAIA_XX99"), at).permanent).toBe(false);
  });

  it("names the records a bulk write refused, and none for a refusal of the whole request", () => {
    const refusal = kintoneError(400, "CB_VA01", {
      "records[3].Memo.value": { messages: ["too long"] },
      "records[12].TEL.value": { messages: ["x"] },
      "records[3].TEL.value": { messages: ["y"] },
    });
    expect(refusedIndexes(refusal)).toEqual([3, 12]);
    expect(refusedIndexes(kintoneError(403, "CB_NO02"))).toEqual([]);
  });

  it("words the step in the reader's language, with no English inside the Japanese", () => {
    const e = kintoneFailure(new TypeError("records is not iterable"), at);
    expect(renderReason(e.reason, "ja")).toBe("通話履歴の書き込みに失敗しました: records is not iterable");
    expect(renderReason(e.reason, "en")).toBe("write call history failed: records is not iterable");
    expect(renderReason(kintoneFailure(kintoneError(403, "CB_NO02"), at).reason, "ja")).toContain("(通話履歴の書き込み)");
  });

  it("retries when nothing answered", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(kintoneFailure(refused, at).permanent).toBe(false);
  });

  it("stops on a missing permission and names it and the app, in Japanese and English", () => {
    const e = kintoneFailure(kintoneError(403, "CB_NO02"), at);
    expect(e.permanent).toBe(true);
    expect(renderReason(e.reason, "ja")).toContain("アプリ 2");
    expect(renderReason(e.reason, "ja")).toContain("レコード追加");
    expect(renderReason(e.reason, "en")).toContain('"Add records"');
    expect(e.message).toContain("app 2");
  });

  it("stops on validation errors with kintone's details, and on a missing app", () => {
    const v = kintoneFailure(kintoneError(400, "CB_VA01", { "record.TEL.value": { messages: ["必須です。"] } }), at);
    expect(v.permanent).toBe(true);
    expect(renderReason(v.reason, "ja")).toContain("record.TEL.value: 必須です。");
    expect(kintoneFailure(kintoneError(404, "GAIA_AP01"), at).reason.key).toBe("error.app_missing");
  });

  it("classifies CallConnect: retry 5xx, 429 (with Retry-After) and no answer; stop on a refused token", () => {
    expect(callconnectFailure({ kind: "server_error", status: 502, message: "" }, "upsert").permanent).toBe(false);
    const limited = callconnectFailure({ kind: "rate_limited", status: 429, message: "", retryAfter: 7 }, "upsert");
    expect([limited.permanent, limited.retryAfterMs]).toEqual([false, 7000]);
    expect(callconnectFailure({ kind: "unreachable", status: 0, message: "reset" }, "upsert").permanent).toBe(false);
    expect(callconnectFailure({ kind: "unauthorized", status: 401, message: "" }, "upsert").permanent).toBe(true);
    expect(callconnectFailure({ kind: "bad_request", status: 400, message: "" }, "upsert").permanent).toBe(true);
  });
});
