import { describe, expect, it } from "vitest";
import { appKey, parseAppKey, splitAppKey, tenantBase } from "../../src/connector/tenants";

describe("app keys", () => {
  it("name the connector's own app by kintone's id and a tenant's app by tenant/id, and nothing else", () => {
    expect(parseAppKey("12")).toBe("12");
    expect(parseAppKey("acme/12")).toBe("acme/12");
    expect(splitAppKey(appKey("acme", "12"))).toEqual({ tenant: "acme", appId: "12" });
    for (const bad of ["", "0", "012", "acme/", "/12", "acme/1/2", "Acme/1", "acme/1x", "-acme/1"]) expect(parseAppKey(bad)).toBeNull();
  });

  it("put a tenant's URL below the connector's, whether or not its URL ends with a slash", () => {
    expect(tenantBase("https://c.example/base", "acme")).toBe("https://c.example/base/t/acme/");
    expect(tenantBase("https://c.example/base/", "")).toBe("https://c.example/base/");
  });
});
