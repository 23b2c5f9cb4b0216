import { describe, expect, it } from "vitest";
import { connectorFailureAction, connectorStatus, connectorSync } from "../../config-ui/connector-client";
import type { ProxyCall } from "../../src/kintone-js/proxy";

// A status as the connector answers it (src/shared/contract/connector.ts).
const status = {
  app: "7",
  syncing: false,
  progress: null,
  lastSyncAt: null,
  lastSync: null,
  lastSyncError: null,
  checkpoint: null,
  lastReconcileAt: null,
  pending: 0,
  failed: 0,
  done: 3,
  failures: [],
  heldDeletes: null,
  webhooks: null,
};
const webhooks = { callconnect: "https://c.example/webhooks/callconnect/7?key=a", kintone: "https://c.example/webhooks/kintone/7?key=b" };

const answer =
  (code: number, body = "{}"): ProxyCall =>
  async () => ({ status: code, headers: {}, body });

describe("connector status and sync", () => {
  it("reads the status with the secret header and hands back the answer", async () => {
    const seen: string[] = [];
    const proxy: ProxyCall = async (url, method, headers) => {
      seen.push(`${method} ${url} ${headers["X-Connector-Secret"]}`);
      return { status: 200, headers: {}, body: JSON.stringify(status) };
    };
    expect(await connectorStatus(proxy, "https://c.example/", "7", "s3", "en")).toEqual({ kind: "ok", status });
    expect(seen).toEqual(["GET https://c.example/api/apps/7/status?lang=en s3"]);
  });

  it("hands back the webhook URLs the status carries, so they show after a reload", async () => {
    const r = await connectorStatus(answer(200, JSON.stringify({ ...status, webhooks })), "https://c.example/", "7", "s");
    expect(r).toMatchObject({ kind: "ok", status: { webhooks } });
  });

  it("names a wrong secret, an error status and an unreadable answer", async () => {
    expect(await connectorStatus(answer(401), "https://c.example/", "7", "x")).toEqual({ kind: "unauthorized", status: 401 });
    expect(await connectorStatus(answer(500), "https://c.example/", "7", "x")).toEqual({ kind: "other_status", status: 500 });
    expect(await connectorStatus(answer(200, "not json"), "https://c.example/", "7", "x")).toEqual({ kind: "bad_body" });
    expect(await connectorStatus(answer(200, JSON.stringify({ ...status, pending: "3" })), "https://c.example/", "7", "x")).toEqual({
      kind: "bad_body",
    });
    expect(await connectorSync(answer(202), "https://c.example/", "7", "x")).toEqual({ kind: "ok" });
  });

  it("retries and dismisses failed work with POST …/failures/{id}/retry|dismiss", async () => {
    const seen: string[] = [];
    const proxy: ProxyCall = async (url, method, headers) => {
      seen.push(`${method} ${url} ${headers["X-Connector-Secret"]}`);
      return { status: 200, headers: {}, body: "{}" };
    };
    expect(await connectorFailureAction(proxy, "https://c.example/", "7", "s3", 12, "retry")).toEqual({ kind: "ok" });
    expect(await connectorFailureAction(proxy, "https://c.example/", "7", "s3", 12, "dismiss")).toEqual({ kind: "ok" });
    expect(seen).toEqual([
      "POST https://c.example/api/apps/7/failures/12/retry s3",
      "POST https://c.example/api/apps/7/failures/12/dismiss s3",
    ]);
    expect(await connectorFailureAction(answer(404), "https://c.example/", "7", "s", 1, "retry")).toEqual({
      kind: "other_status",
      status: 404,
    });
  });
});
