// Small HTTP helpers for the pages: replies, bodies, cookies and HTML escaping.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBoundedBody } from "../../node/http";

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "SAMEORIGIN" })
    .end(html);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { location, ...headers }).end();
}

export async function readBody(req: IncomingMessage, limit = 2 * 1024 * 1024): Promise<string> {
  return (await readBoundedBody(req, limit, () => new Error("request body too large"))).toString("utf8");
}

export { escapeHtml } from "../../node/http";

/** JSON safe inside a <script type="application/json"> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function cookieHeader(name: string, value: string, maxAgeSeconds?: number): string {
  const age = maxAgeSeconds === undefined ? "" : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${age}`;
}

export function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/** The internal API only answers the sandbox's own pages: a custom header (forces CORS preflight) and no foreign Origin. */
export function isSameOriginCall(req: IncomingMessage, publicUrl: string): boolean {
  if (req.headers["x-requested-with"] !== "XMLHttpRequest") return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host ?? "";
  return origin === publicUrl || origin === `http://${host}`;
}
