// Stream tickets: minted for a browser through kintone's proxy (which adds the connector secret), so the
// secret itself never reaches the page. Stateless — an HMAC over app, agent and expiry — so any instance of
// the connector accepts a ticket another one minted, and a restart does not log agents out.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AppKey } from "../tenants";

export interface TicketClaims {
  /** The app's store key: a ticket of one tenant's app 1 does not open another tenant's. */
  app: AppKey;
  /** kintone login name of the agent the stream is for. */
  user: string;
  email: string;
  /** Epoch ms after which the ticket no longer opens a stream. */
  exp: number;
}

export const TICKET_TTL_MS = 60_000;

export function createTicketMinter(material: string) {
  // A key of its own, derived from the encryption key: a ticket can never be mistaken for a sealed secret.
  const key = createHash("sha256").update(`callconnect-live-ticket\n${material}`).digest();
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest();
  return {
    mint(claims: Omit<TicketClaims, "exp">, now = Date.now()): { ticket: string; expiresInSec: number } {
      const payload = Buffer.from(JSON.stringify({ ...claims, exp: now + TICKET_TTL_MS })).toString("base64url");
      return { ticket: `${payload}.${sign(payload).toString("base64url")}`, expiresInSec: TICKET_TTL_MS / 1000 };
    },
    /** The claims of a valid, unexpired ticket for this app; null for anything else. */
    verify(ticket: string, app: AppKey, now = Date.now()): TicketClaims | null {
      const [payload = "", mac = ""] = ticket.split(".");
      const given = Buffer.from(mac, "base64url");
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let claims: TicketClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TicketClaims;
      } catch {
        return null;
      }
      if (claims.app !== app || typeof claims.exp !== "number" || claims.exp < now || typeof claims.user !== "string") return null;
      return claims;
    },
  };
}

export type TicketMinter = ReturnType<typeof createTicketMinter>;
