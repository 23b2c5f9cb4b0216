// Thin HTTP helpers: bounded raw bodies (verification needs the bytes as sent) and JSON answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBoundedBody } from "../../node/http";
import type { Tenant } from "../tenants";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return readBoundedBody(req, limit, () => new BodyTooLarge(`body over ${limit} bytes`));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function contentTypeOf(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

export interface Route {
  method: string;
  /** Path below the connector's base and the tenant's prefix, e.g. "api/apps/7/status". */
  path: string;
  query: URLSearchParams;
  /** The tenant of a path under `t/{tenant}/` ("" for the connector's own apps). */
  tenantId: string;
  /** That tenant, once the router found it. */
  tenant: Tenant | null;
}

export function routeOf(req: IncomingMessage, basePath: string): Route | null {
  const url = new URL(req.url ?? "/", "http://connector.invalid");
  if (!url.pathname.startsWith(basePath)) return null;
  const path = url.pathname.slice(basePath.length);
  const tenanted = /^t\/([^/]*)\/(.*)$/.exec(path);
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: tenanted ? tenanted[2]! : path,
    query: url.searchParams,
    tenantId: tenanted ? tenanted[1]! : "",
    tenant: null,
  };
}
