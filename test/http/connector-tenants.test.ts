// One connector serving two companies (tenants), each on its own kintone and both with their customers in app 1:
// each tenant's apps, webhooks, streams and admin API are its own, and its secret opens nothing of the other's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExtraKintone, startHarness, STORES, type Harness } from "../harness/connector";
import type { TenantSecret } from "../../src/connector/types";

type Kintone = Awaited<ReturnType<typeof startExtraKintone>>;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const call = (id: string, number: string) =>
  form({
    "record[id]": id,
    "record[status]": "100",
    "record[direction]": "incoming",
    "record[number]": number,
    "record[started_at]": "2026-11-24T14:00:05+09:00",
    "record[memo]": `memo of ${id}`,
  });
const postForm = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });

describe.each(STORES)("tenants (%s store)", (store) => {
  let h: Harness;
  let betaKintone: Kintone;
  let acme: TenantSecret;
  let beta: TenantSecret;
  const hooks: Record<string, string> = {};

  const admin = (t: TenantSecret | null, path: string, secret = t?.secret ?? h.adminSecret, init: RequestInit = {}) =>
    fetch(`${t ? t.connectorUrl : h.connectorUrl}${path}`, {
      ...init,
      headers: { "Content-Type": "application/json", "X-Connector-Secret": secret, ...init.headers },
    });
  const register = (t: TenantSecret, kintone: { url: string; tokens: { customer: string; history: string } }, secret = t.secret) =>
    h.registerAt(t.connectorUrl, secret, h.registration(kintone));
  const historyOf = async (k: { kintone: Harness["kintone"] }, callId: string) =>
    (await k.kintone.record.getRecords({ app: 2, query: `CallID = "${callId}"` })).records;

  beforeAll(async () => {
    h = await startHarness({ store });
    betaKintone = await startExtraKintone();
    acme = await h.connector.addTenant("acme", { kintone: `${h.kintoneUrl}/` });
    beta = await h.connector.addTenant("beta");
    for (const [t, k] of [
      [acme, h],
      [beta, betaKintone],
    ] as const) {
      const resp = await register(t, { url: h === k ? h.kintoneUrl : betaKintone.url, tokens: k.tokens });
      expect(resp.status).toBe(200);
      hooks[t.id] = ((await resp.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await betaKintone?.close();
  });

  it("gives each tenant its own URL and a secret that is stored nowhere but as a hash", async () => {
    expect(acme.connectorUrl).toBe(`${h.connectorUrl}t/acme/`);
    expect(acme.secret).toMatch(/^[\w-]{40,}$/);
    expect(acme.secret).not.toBe(beta.secret);
    expect(hooks.acme).toMatch(new RegExp(`^${h.connectorUrl}t/acme/webhooks/callconnect/1\\?key=`));
    expect(await h.connector.tenants()).toMatchObject([
      { id: "acme", kintone: h.kintoneUrl, apps: ["1"] },
      { id: "beta", kintone: null, apps: ["1"] },
    ]);
    await expect(h.connector.addTenant("acme")).rejects.toThrow(/exists already/);
    await expect(h.connector.addTenant("Not A Tenant")).rejects.toThrow(/cannot be a tenant id/);
  });

  it("lets a tenant's secret manage its own apps only, and the connector's admin secret none of a tenant's", async () => {
    expect((await admin(acme, "api/apps/1/status")).status).toBe(200);
    expect((await admin(acme, "api/apps/1/status", beta.secret)).status).toBe(401);
    expect((await admin(acme, "api/apps/1/status", h.adminSecret)).status).toBe(401);
    expect((await register(acme, { url: h.kintoneUrl, tokens: h.tokens }, beta.secret)).status).toBe(401);
    // The connector's own app 1 is not either tenant's: nothing is registered under it.
    expect((await admin(null, "api/apps/1/status")).status).toBe(404);
    // Nothing answers below a tenant that does not exist.
    const ghost = { ...acme, connectorUrl: `${h.connectorUrl}t/ghost/` };
    expect((await admin(ghost, "api/apps/1/status")).status).toBe(404);
    expect((await postForm(hooks.acme!.replace("/t/acme/", "/t/ghost/"), call("g-1", "03-1111-2222"))).status).toBe(404);
  });

  it("keeps a tenant bound to its kintone: its apps cannot be pointed at another company's", async () => {
    const resp = await register(acme, { url: betaKintone.url, tokens: betaKintone.tokens });
    expect(resp.status).toBe(403);
    expect(((await resp.json()) as { error: string }).error).toContain(`serves ${h.kintoneUrl} for this tenant`);
    // Refused means unchanged: acme's app 1 still writes to acme's kintone (the next test).
    const status = (await (await admin(acme, "api/apps/1/status")).json()) as { app: string };
    expect(status.app).toBe("acme/1");
  });

  it("writes the same CallConnect call id of two tenants once each, into each tenant's own kintone", async () => {
    for (const t of ["acme", "beta"]) {
      expect(await (await postForm(hooks[t]!, call("same-call", "03-5555-0101"))).json()).toMatchObject({ duplicate: false });
      expect(await (await postForm(hooks[t]!, call("same-call", "03-5555-0101"))).json()).toMatchObject({ duplicate: true });
    }
    await h.connector.runOnce();
    const [a, b] = [await historyOf(h, "same-call"), await historyOf(betaKintone, "same-call")];
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    const statuses = await h.connector.status();
    expect(statuses.map((s) => [s.app, s.done])).toEqual([
      ["acme/1", 1],
      ["beta/1", 1],
    ]);
  });

  it("refuses a tenant's webhook key at the other tenant's URL", async () => {
    const key = new URL(hooks.acme!).searchParams.get("key")!;
    const crossed = `${h.connectorUrl}t/beta/webhooks/callconnect/1?key=${encodeURIComponent(key)}`;
    expect((await postForm(crossed, call("crossed-1", "03-5555-0102"))).status).toBe(401);
    expect(
      (await postForm(`${h.connectorUrl}webhooks/callconnect/1?key=${encodeURIComponent(key)}`, call("crossed-2", "03-5555-0102"))).status,
    ).toBe(401);
    await h.connector.runOnce();
    expect(await historyOf(betaKintone, "crossed-1")).toHaveLength(0);
  });

  it("opens a tenant's screen-pop stream with a ticket of that tenant's app only", async () => {
    const resp = await admin(acme, "api/apps/1/live/ticket", acme.secret, {
      method: "POST",
      body: JSON.stringify({ user: "yamada", email: "yamada@example.com" }),
    });
    expect(resp.status).toBe(200);
    const { streamUrl } = (await resp.json()) as { streamUrl: string };
    expect(streamUrl.startsWith(`${acme.connectorUrl}live/1?ticket=`)).toBe(true);
    const elsewhere = [streamUrl.replace("/t/acme/", "/t/beta/"), streamUrl.replace("/t/acme/", "/")];
    for (const url of elsewhere) expect((await fetch(url)).status).toBe(401);
    const ac = new AbortController();
    const open = await fetch(streamUrl, { signal: ac.signal });
    expect(open.status).toBe(200);
    ac.abort();
  });

  it("stops the old secret at once when a tenant's secret is rotated", async () => {
    const rotated = await h.connector.rotateTenantSecret("beta");
    expect((await admin(beta, "api/apps/1/status")).status).toBe(401);
    expect((await admin(rotated, "api/apps/1/status")).status).toBe(200);
    beta = rotated;
  });
});
