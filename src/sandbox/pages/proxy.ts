// kintone's proxy on the server side: merge the saved proxy config (saved values win), then call out with fetch.
import type { SavedProxy } from "./plugin-store";

export interface ProxyRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** kintone accepts an object (sent as JSON) or a string (sent as is). */
  data: unknown;
}

/** What kintone's proxy resolves to: [body, status, headers]. */
export type ProxyResult = [string, number, Record<string, string>];

export class ProxyUnreachable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ProxyUnreachable";
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Saved headers replace same-named request headers (case-insensitively); saved data keys replace body keys. */
export function mergeSaved(req: ProxyRequest, saved: SavedProxy | null): ProxyRequest {
  if (!saved) return req;
  const headers: Record<string, string> = {};
  const savedNames = new Set(Object.keys(saved.headers).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(req.headers)) if (!savedNames.has(k.toLowerCase())) headers[k] = v;
  Object.assign(headers, saved.headers);
  if (Object.keys(saved.data).length === 0) return { ...req, headers };
  const body =
    typeof req.data === "string" ? (req.data === "" ? {} : parseObject(req.data)) : ((req.data as Record<string, unknown> | null) ?? {});
  // A body that is not a JSON object cannot take extra keys; it is sent as the caller wrote it.
  if (!body || typeof body !== "object") return { ...req, headers };
  return { ...req, headers, data: JSON.stringify({ ...body, ...saved.data }) };
}

function bodyOf(method: string, data: unknown): string | undefined {
  if (method === "GET" || method === "HEAD") return undefined;
  if (typeof data === "string") return data === "" ? undefined : data;
  if (data === null || data === undefined) return undefined;
  const text = JSON.stringify(data);
  return text === "{}" ? undefined : text;
}

export async function sendProxy(req: ProxyRequest, timeoutMs = 30_000): Promise<ProxyResult> {
  const method = req.method.toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new ProxyUnreachable(`invalid URL: ${req.url}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ProxyUnreachable(`unsupported protocol: ${url.protocol}`);
  let resp: Response;
  try {
    resp = await fetch(url, {
      method,
      headers: req.headers,
      body: bodyOf(method, req.data),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new ProxyUnreachable(cause);
  }
  const headers: Record<string, string> = {};
  resp.headers.forEach((v, k) => (headers[k] = v));
  return [await resp.text(), resp.status, headers];
}
