// Webhook authentication, before anything is parsed: the per-app key in ?key=, or (CallConnect) an HMAC of
// the raw body in X-CallConnect-Signature. Several secrets may be valid at once, for rotation.
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { secretEquals } from "../crypto";
import { CONNECTOR_SECRET_HEADER } from "../../shared/contract/headers";
import { tenantSecretMatches, type Tenant } from "../tenants";

export type VerifyFailure = "no_credentials" | "bad_key" | "bad_signature" | "unknown_app";
export type VerifyResult = { ok: true } | { ok: false; failure: VerifyFailure };

export const SIGNATURE_HEADER = "x-callconnect-signature";

export function signBody(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

export function verifyWebhook(input: {
  secrets: readonly string[];
  key: string | null;
  signature: string | null;
  rawBody: Buffer;
}): VerifyResult {
  const secrets = input.secrets.filter((s) => s.length > 0);
  if (secrets.length === 0) return { ok: false, failure: "unknown_app" };
  if (input.key !== null && input.key !== "") {
    // Compare against every secret so the time taken does not reveal which one matched.
    const matches = secrets.map((s) => secretEquals(input.key ?? "", s));
    return matches.includes(true) ? { ok: true } : { ok: false, failure: "bad_key" };
  }
  if (input.signature) {
    const matches = secrets.map((s) => secretEquals(input.signature ?? "", signBody(input.rawBody, s)));
    return matches.includes(true) ? { ok: true } : { ok: false, failure: "bad_signature" };
  }
  return { ok: false, failure: "no_credentials" };
}

/**
 * The plugin's calls through kintone's proxy (admin API, stream tickets, wrap-ups): X-Connector-Secret, compared in
 * constant time — the tenant's own secret under `t/{tenant}/`, the connector's admin secret for its own apps.
 */
export function hasAdminSecret(req: IncomingMessage, adminSecret: string, tenant: Tenant | null): boolean {
  const given = req.headers[CONNECTOR_SECRET_HEADER.toLowerCase()];
  if (typeof given !== "string") return false;
  return tenant ? tenantSecretMatches(tenant, given) : secretEquals(given, adminSecret);
}
