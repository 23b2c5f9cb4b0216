// Tenants: one connector serving many companies' kintone (docs/connector.md, "Many tenants"). A tenant's apps live
// under `t/{tenant}/` of the connector's URL and are managed with the tenant's own secret; two tenants may both
// register their app 1. The connector's own apps (a company running it for itself) have no tenant and no prefix.
import { createHash, randomBytes } from "node:crypto";
import { secretEquals } from "./crypto";

/** An app as the connector's store knows it: kintone's app id, after `{tenant}/` for a tenant's app. */
export type AppKey = string & { readonly __appKey: unique symbol };

/** Lower-case letters, digits and inner hyphens, as in a host name: it appears in URLs and logs. */
export const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** kintone's app ids as the connector's paths take them (no leading zero: "01" would be a second name of app 1). */
export const APP_ID_PATTERN = "[1-9]\\d{0,17}";
const APP_ID = new RegExp(`^${APP_ID_PATTERN}$`);

export function appKey(tenant: string, appId: string): AppKey {
  if (!APP_ID.test(appId)) throw new Error(`"${appId}" is not a kintone app id`);
  if (tenant !== "" && !TENANT_ID.test(tenant)) throw new Error(`"${tenant}" is not a tenant id`);
  return (tenant ? `${tenant}/${appId}` : appId) as AppKey;
}

export function splitAppKey(key: AppKey): { tenant: string; appId: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { tenant: "", appId: key } : { tenant: key.slice(0, slash), appId: key.slice(slash + 1) };
}

/** "12" or "acme/12" as typed at the CLI or given to the Connector's methods; null for anything else. */
export function parseAppKey(text: string): AppKey | null {
  const { tenant, appId } = splitAppKey(text as AppKey);
  if (text.includes("/") && !tenant) return null; // "/12"
  try {
    // appKey refuses an app id with a slash left in it ("acme/1/2").
    return appKey(tenant, appId);
  } catch {
    return null;
  }
}

/** The URL a tenant's plugin is given as the connector's URL (the connector's own for no tenant). */
export function tenantBase(publicUrl: string, tenant: string): string {
  const base = publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`;
  return tenant ? `${base}t/${tenant}/` : base;
}

export interface Tenant {
  id: string;
  /** SHA-256 of the tenant's admin secret: the secret itself is shown once, when made, and kept nowhere. */
  secretHash: string;
  /** When set, the tenant's apps must be on this kintone (https://example.cybozu.com): a tenant cannot point the connector at another company's kintone. */
  kintoneOrigin: string | null;
  createdAt: number;
}

const hashOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

/** A new admin secret for a tenant, and the tenant record that knows only its hash. */
export function newTenantSecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, secretHash: hashOf(secret) };
}

export function tenantSecretMatches(tenant: Tenant, given: string): boolean {
  return secretEquals(hashOf(given), tenant.secretHash);
}

/** https://example.cybozu.com from what an operator typed; null when it is not an http(s) URL. */
export function kintoneOriginOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** The kintone domain of an app (host[:port]): kintone's concurrency limit is per domain. */
export const domainOf = (reg: { kintoneBaseUrl: string }) =>
  reg.kintoneBaseUrl
    .replace(/^https?:\/\//i, "")
    .split("/")[0]!
    .toLowerCase();
