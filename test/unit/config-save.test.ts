import { describe, expect, it } from "vitest";
import { loadSettings } from "../../src/shared/settings";
import { proxyConfigWrites, readSavedSecrets, resolveSecrets, saveConfig, type SavePorts } from "../../config-ui/save";
import { emptySecrets } from "../../config-ui/validation";
import type { ProxyCall } from "../../src/kintone-js/proxy";
import { ProxyUnreachableError } from "../../src/kintone-js/proxy";
import { validSettings } from "./config-fixtures";

const typed = {
  callconnectToken: "cc-token-7f3a",
  connectorSecret: "conn-secret-91bd",
  customerApiToken: "cust-token-55e1",
  historyApiToken: "hist-token-0c2f",
  basicAuthUser: "basic-user-x1",
  basicAuthPassword: "basic-pass-y2",
};

interface Recorded {
  proxyConfig: Map<string, { headers: Record<string, string>; data: Record<string, string> }>;
  config: Record<string, string> | null;
  order: string[];
  requests: { url: string; method: string; headers: Record<string, string>; body: unknown }[];
}

function fakePorts(answer: ProxyCall): { ports: SavePorts; rec: Recorded } {
  const rec: Recorded = { proxyConfig: new Map(), config: null, order: [], requests: [] };
  const ports: SavePorts = {
    appId: "1",
    kintoneBaseUrl: "https://example.cybozu.com",
    async setProxyConfig(url, method, headers, data) {
      rec.order.push("proxyConfig");
      rec.proxyConfig.set(`${method} ${url}`, { headers, data });
    },
    async setConfig(config) {
      rec.order.push("setConfig");
      rec.config = config;
    },
    proxy: async (url, method, headers, body) => {
      rec.order.push("proxy");
      rec.requests.push({ url, method, headers, body });
      return answer(url, method, headers, body);
    },
  };
  return { ports, rec };
}

const registered: ProxyCall = async () => ({
  status: 200,
  headers: {},
  body: JSON.stringify({
    webhooks: {
      callconnect: "https://connector.example/webhooks/callconnect/1?key=k",
      kintone: "https://connector.example/webhooks/kintone/1?key=k",
    },
  }),
});

describe("saving", () => {
  it("never puts a typed secret into the object passed to setConfig", async () => {
    const { ports, rec } = fakePorts(registered);
    await saveConfig(validSettings(), typed, ports);
    const stored = JSON.stringify(rec.config);
    expect(rec.config).not.toBeNull();
    for (const secret of Object.values(typed)) expect(stored).not.toContain(secret);
  });

  it("saves the CallConnect token as a Bearer header for every method, and the connector's secrets for its URL", async () => {
    const { ports, rec } = fakePorts(registered);
    await saveConfig(validSettings(), typed, ports);
    for (const m of ["GET", "POST", "PUT", "DELETE"]) {
      expect(rec.proxyConfig.get(`${m} https://api.callconnect.example/`)?.headers).toEqual({ Authorization: "Bearer cc-token-7f3a" });
    }
    const put = rec.proxyConfig.get("PUT https://connector.example/");
    expect(put?.headers).toEqual({ "X-Connector-Secret": "conn-secret-91bd" });
    expect(put?.data).toEqual({
      customerApiToken: "cust-token-55e1",
      historyApiToken: "hist-token-0c2f",
      basicAuthUser: "basic-user-x1",
      basicAuthPassword: "basic-pass-y2",
    });
    expect(rec.proxyConfig.get("GET https://connector.example/")?.data).toEqual({});
  });

  it("writes the proxy config, then registers with the connector, then calls setConfig", async () => {
    const { ports, rec } = fakePorts(registered);
    const outcome = await saveConfig(validSettings(), typed, ports);
    expect(rec.order.at(-1)).toBe("setConfig");
    expect(rec.order.indexOf("proxy")).toBeGreaterThan(rec.order.lastIndexOf("proxyConfig"));
    expect(outcome.registration).toEqual({
      kind: "ok",
      webhooks: expect.objectContaining({ kintone: expect.stringContaining("/webhooks/kintone/") }),
    });
    const req = rec.requests[0]!;
    expect(req.url).toBe("https://connector.example/api/apps/1/settings");
    expect(req.method).toBe("PUT");
    expect(req.headers["X-Connector-Secret"]).toBe("conn-secret-91bd");
    expect(JSON.parse(String(req.body))).toEqual({
      settings: validSettings(),
      secrets: {
        callconnectToken: "cc-token-7f3a",
        customerApiToken: "cust-token-55e1",
        historyApiToken: "hist-token-0c2f",
        basicAuthUser: "basic-user-x1",
        basicAuthPassword: "basic-pass-y2",
      },
      kintoneBaseUrl: "https://example.cybozu.com",
    });
  });

  it("still saves the settings when the connector cannot be reached, and says why", async () => {
    const { ports, rec } = fakePorts(async (url) => {
      throw new ProxyUnreachableError(url, "ECONNREFUSED");
    });
    const outcome = await saveConfig(validSettings(), typed, ports);
    expect(outcome.registration).toEqual({ kind: "unreachable", reason: "ECONNREFUSED" });
    expect(rec.config).not.toBeNull();
  });

  it("reports a wrong connector secret as such", async () => {
    const { ports } = fakePorts(async () => ({ status: 401, headers: {}, body: "{}" }));
    expect((await saveConfig(validSettings(), typed, ports)).registration).toEqual({ kind: "unauthorized", status: 401 });
  });

  it("writes nothing at all when the settings do not fit the schema", async () => {
    const { ports, rec } = fakePorts(registered);
    const broken = validSettings();
    (broken.clickToCall as { mode: string }).mode = "fax";
    await expect(saveConfig(broken, typed, ports)).rejects.toThrow();
    expect(rec.order).toEqual([]);
  });

  it("clears the token left under a CallConnect URL that is no longer used", () => {
    const previous = validSettings();
    const next = validSettings();
    next.callconnect.baseUrl = "https://new.callconnect.example/";
    const writes = proxyConfigWrites(next, typed, previous);
    expect(writes.filter((w) => w.url === "https://api.callconnect.example/").every((w) => Object.keys(w.headers).length === 0)).toBe(true);
    expect(writes.some((w) => w.url === "https://new.callconnect.example/" && w.headers.Authorization === "Bearer cc-token-7f3a")).toBe(
      true,
    );
  });
});

describe("secrets left blank", () => {
  it("keeps the saved ones and replaces only those typed", () => {
    const saved = { ...typed };
    const resolved = resolveSecrets({ ...emptySecrets(), historyApiToken: " new-hist " }, saved);
    expect(resolved).toEqual({ ...typed, historyApiToken: "new-hist" });
  });

  it("reads back what the proxy config holds for the saved URLs", () => {
    const s = validSettings();
    const store: Record<string, { headers: Record<string, string>; data: Record<string, string> }> = {
      "GET https://api.callconnect.example/": { headers: { Authorization: "Bearer abc" }, data: {} },
      "PUT https://connector.example/": {
        headers: { "X-Connector-Secret": "sec" },
        data: { customerApiToken: "ct", historyApiToken: "ht", basicAuthUser: "u", basicAuthPassword: "p" },
      },
    };
    expect(readSavedSecrets(s, (url, method) => store[`${method} ${url}`] ?? null)).toEqual({
      callconnectToken: "abc",
      connectorSecret: "sec",
      customerApiToken: "ct",
      historyApiToken: "ht",
      basicAuthUser: "u",
      basicAuthPassword: "p",
    });
  });
});

describe("settings round trip", () => {
  it("loads back exactly what was saved", async () => {
    const { ports, rec } = fakePorts(registered);
    await saveConfig(validSettings(), typed, ports);
    expect(loadSettings(rec.config)).toEqual({ kind: "ok", settings: validSettings() });
  });
});
