// The CallConnect client against a recording fake transport: exact requests out, typed results and errors back.
import { describe, expect, it } from "vitest";
import {
  buildCustomer,
  createCallConnectClient,
  externalKey,
  withBearerToken,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "../../src/shared/callconnect/client";
import { defaultSettings } from "../../src/shared/settings";

function recording(responses: (TransportResponse | Error)[]) {
  const sent: TransportRequest[] = [];
  const transport: Transport = async (req) => {
    sent.push(req);
    const next = responses.shift();
    if (!next) throw new Error("no response queued");
    if (next instanceof Error) throw next;
    return next;
  };
  return { sent, transport };
}

const customerOut = {
  id: "c1",
  name: "電話 太郎",
  numbers: ["+81312345678"],
  external_id: "7",
  external_info: "kintone|1|u",
  updated_at: "2026-11-24T05:00:00Z",
  created_at: "2026-11-24T05:00:00Z",
};

describe("CallConnect client requests", () => {
  it("upserts by external key with a JSON body and no token of its own", async () => {
    const { sent, transport } = recording([{ status: 201, body: JSON.stringify({ customer: customerOut }) }]);
    const client = createCallConnectClient({ baseUrl: "https://cc.example/base", transport });
    const customer = {
      name: "a",
      company: "",
      email: "",
      address: "",
      memo: "",
      numbers: ["+81312345678"],
      external_id: "7",
      external_info: "kintone|1|u",
      updated_at: "2026-11-24T05:00:00Z",
    };
    const r = await client.upsertCustomer(externalKey(1, 7), customer);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ id: "c1" }) });
    expect(sent[0]).toMatchObject({
      method: "PUT",
      url: "https://cc.example/base/api/v1/customers/external/kintone-1-7",
      headers: { "Content-Type": "application/json" },
    });
    expect(JSON.parse(sent[0]!.body!)).toEqual(customer);
    expect(Object.keys(sent[0]!.headers).map((h) => h.toLowerCase())).not.toContain("authorization");
  });

  it("starts a call with the Idempotency-Key header", async () => {
    const { sent, transport } = recording([{ status: 201, body: '{"call":{"id":"k1","status":"dialing"}}' }]);
    const r = await createCallConnectClient({ baseUrl: "http://x/cc/", transport }).startCall(
      { number: "+81312345678", display: "03-1234-5678" },
      "idem-1",
    );
    expect(r).toEqual({ ok: true, value: { id: "k1", status: "dialing" } });
    expect(sent[0]).toMatchObject({ method: "POST", url: "http://x/cc/api/v1/calls", headers: { "Idempotency-Key": "idem-1" } });
  });

  it("encodes the number in search queries", async () => {
    const { sent, transport } = recording([
      { status: 200, body: '{"calls":[{"id":1}]}' },
      { status: 200, body: '{"customers":[]}' },
    ]);
    const client = createCallConnectClient({ baseUrl: "http://x/", transport });
    const calls = await client.searchCalls("+81312345678", 5);
    expect(calls.ok && calls.value[0]?.id).toBe(1);
    await client.findCustomers("+81312345678");
    expect(sent.map((s) => s.url)).toEqual([
      "http://x/api/v1/calls?number=%2B81312345678&limit=5",
      "http://x/api/v1/customers?number=%2B81312345678",
    ]);
  });

  it("treats a 404 on delete as done", async () => {
    const { transport } = recording([
      { status: 404, body: '{"error":{"code":"not_found","message":"gone"}}' },
      { status: 204, body: "" },
    ]);
    const client = createCallConnectClient({ baseUrl: "http://x/", transport });
    expect(await client.deleteCustomer("kintone-1-2")).toEqual({ ok: true, value: undefined });
    expect(await client.deleteCustomer("kintone-1-2")).toEqual({ ok: true, value: undefined });
  });

  it("adds a bearer token only through withBearerToken", async () => {
    const { sent, transport } = recording([{ status: 200, body: '{"ok":true,"account":{"name":"Acme"}}' }]);
    const r = await createCallConnectClient({ baseUrl: "http://x/", transport: withBearerToken(transport, "tok") }).ping();
    expect(r).toEqual({ ok: true, value: { accountName: "Acme" } });
    expect(sent[0]!.headers.Authorization).toBe("Bearer tok");
  });
});

describe("CallConnect client errors", () => {
  it.each([
    [401, "unauthorized"],
    [404, "not_found"],
    [429, "rate_limited"],
    [503, "server_error"],
    [400, "bad_request"],
  ] as const)("maps HTTP %i to %s", async (status, kind) => {
    const { transport } = recording([{ status, body: '{"error":{"code":"x","message":"why"}}', headers: { "Retry-After": "7" } }]);
    const r = await createCallConnectClient({ baseUrl: "http://x/", transport }).getCustomer("k");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind, status, message: "x: why" });
      expect(r.error.retryAfter).toBe(status === 429 ? 7 : undefined);
    }
  });

  it("reports unreachable when the transport rejects", async () => {
    const { transport } = recording([new Error("ECONNREFUSED")]);
    const r = await createCallConnectClient({ baseUrl: "http://x/", transport }).ping();
    expect(r).toEqual({ ok: false, error: { kind: "unreachable", status: 0, message: "ECONNREFUSED" } });
  });

  it.each([["not json"], ['{"customer":{"name":"no id"}}']])("reports bad_response for %s", async (body) => {
    const { transport } = recording([{ status: 200, body }]);
    const r = await createCallConnectClient({ baseUrl: "http://x/", transport }).getCustomer("k");
    expect(!r.ok && r.error.kind).toBe("bad_response");
  });
});

describe("buildCustomer", () => {
  const settings = defaultSettings();
  settings.customer.phoneFields = ["電話番号", "携帯電話"];
  settings.customer.fields = { name: "担当者名", company: "会社名", email: "メール", address: "", memo: "備考" };
  const record = {
    $id: { type: "__ID__", value: "42" },
    会社名: { type: "SINGLE_LINE_TEXT", value: "株式会社テスト" },
    担当者名: { type: "SINGLE_LINE_TEXT", value: "電話 太郎" },
    電話番号: { type: "SINGLE_LINE_TEXT", value: "０３－１２３４－５６７８ / 03-1234-5678 内線 5" },
    携帯電話: { type: "LINK", value: "090-1111-2222" },
    メール: { type: "LINK", value: "t@example.com" },
    備考: { type: "MULTI_LINE_TEXT", value: "<img src=x onerror=alert(1)>" },
    更新日時: { type: "UPDATED_TIME", value: "2026-11-24T05:00:00Z" },
  };

  it("maps fields, normalises and de-duplicates numbers, links back to kintone", () => {
    expect(buildCustomer(record, settings, 1, "https://k.example/k/1/show#record=42")).toEqual({
      name: "電話 太郎",
      company: "株式会社テスト",
      email: "t@example.com",
      address: "",
      memo: "<img src=x onerror=alert(1)>",
      numbers: ["+81312345678", "+819011112222"],
      external_id: "42",
      external_info: "kintone|1|https://k.example/k/1/show#record=42",
      updated_at: "2026-11-24T05:00:00Z",
    });
  });

  it("has no numbers when the phone fields hold none, and falls back to now without an updated time", () => {
    const bare = { $id: { value: "3" }, 電話番号: { value: "なし" } };
    const c = buildCustomer(bare, settings, "5", "u", () => new Date("2026-01-02T03:04:05.678Z"));
    expect(c.numbers).toEqual([]);
    expect(c.updated_at).toBe("2026-01-02T03:04:05Z");
    expect(externalKey("5", c.external_id)).toBe("kintone-5-3");
  });
});
