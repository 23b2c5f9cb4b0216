import { describe, expect, it } from "vitest";
import { signBody, verifyWebhook } from "../../src/connector/http/verify";
import { secretEquals } from "../../src/connector/crypto";

const body = Buffer.from("record%5Bid%5D=1&record%5Bstatus%5D=200");
const secret = "s3cr3t-key-abcdefghijkl";

describe("webhook verification", () => {
  it.each([
    ["no key and no signature", { key: null, signature: null }, "no_credentials"],
    ["an empty key", { key: "", signature: null }, "no_credentials"],
    ["a wrong key", { key: "nope", signature: null }, "bad_key"],
    ["the key with a different case", { key: secret.toUpperCase(), signature: null }, "bad_key"],
    ["a key with one extra character", { key: `${secret}x`, signature: null }, "bad_key"],
    ["a signature made with another secret", { key: null, signature: signBody(body, "other") }, "bad_signature"],
    ["a signature of another body", { key: null, signature: signBody("record%5Bid%5D=2", secret) }, "bad_signature"],
    ["a bare hex signature without the sha256= prefix", { key: null, signature: signBody(body, secret).slice(7) }, "bad_signature"],
  ])("refuses %s", (_name, creds, failure) => {
    expect(verifyWebhook({ secrets: [secret], rawBody: body, ...creds })).toEqual({ ok: false, failure });
  });

  it("refuses everything for an app that has no secret (not registered)", () => {
    expect(verifyWebhook({ secrets: [], key: "", signature: null, rawBody: body })).toEqual({ ok: false, failure: "unknown_app" });
    expect(verifyWebhook({ secrets: [""], key: "", signature: null, rawBody: body })).toEqual({ ok: false, failure: "unknown_app" });
  });

  it("accepts the key, a valid signature, and either of two secrets during rotation", () => {
    expect(verifyWebhook({ secrets: [secret], key: secret, signature: null, rawBody: body }).ok).toBe(true);
    expect(verifyWebhook({ secrets: [secret], key: null, signature: signBody(body, secret), rawBody: body }).ok).toBe(true);
    expect(verifyWebhook({ secrets: ["old-secret-0123456789", secret], key: secret, signature: null, rawBody: body }).ok).toBe(true);
  });

  it("never counts two empty secrets as equal", () => {
    expect(secretEquals("", "")).toBe(false);
    expect(secretEquals("a", "a")).toBe(true);
  });
});
