import { describe, expect, it } from "vitest";
import { connectorStatus, connectorSync } from "../../config-ui/connector-client";
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
};

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

  it("names a wrong secret, an error status and an unreadable answer", async () => {
    const answer =
      (status: number, body = "{}"): ProxyCall =>
      async () => ({ status, headers: {}, body });
    expect(await connectorStatus(answer(401), "https://c.example/", "7", "x")).toEqual({ kind: "unauthorized", status: 401 });
    expect(await connectorStatus(answer(500), "https://c.example/", "7", "x")).toEqual({ kind: "other_status", status: 500 });
    expect(await connectorStatus(answer(200, "not json"), "https://c.example/", "7", "x")).toEqual({ kind: "bad_body" });
    expect(await connectorStatus(answer(200, JSON.stringify({ ...status, pending: "3" })), "https://c.example/", "7", "x")).toEqual({
      kind: "bad_body",
    });
    expect(await connectorSync(answer(202), "https://c.example/", "7", "x")).toEqual({ kind: "ok" });
  });
});
