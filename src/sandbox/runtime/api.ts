// kintone.api, kintone.api.url, kintone.proxy and the calls to the sandbox's internal endpoints.
const MAX_GET_URL = 4096;

/** kintone's error: the REST body ({code, id, message, errors}) the promise rejects with. */
export interface KintoneError {
  code: string;
  id?: string;
  message: string;
  errors?: Record<string, { messages: string[] }>;
}

type Callback<T> = ((value: T) => void) | undefined;

function encode(prefix: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) value.forEach((v, i) => encode(`${prefix}[${i}]`, v, out));
  else if (typeof value === "object") for (const [k, v] of Object.entries(value)) encode(prefix ? `${prefix}[${k}]` : k, v, out);
  else out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
}

export function queryString(params: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) encode(k, v, out);
  return out.join("&");
}

async function parse(resp: Response): Promise<unknown> {
  const text = await resp.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { code: "CB_UN01", message: text || resp.statusText };
  }
}

export async function rawApi(path: string, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const m = method.toUpperCase();
  const headers: Record<string, string> = { "X-Requested-With": "XMLHttpRequest" };
  let url = path;
  let body: string | undefined;
  if (m === "GET") {
    const qs = queryString(params);
    if (`${path}?${qs}`.length <= MAX_GET_URL) url = qs ? `${path}?${qs}` : path;
    else {
      // kintone sends long GETs as POST with the method override.
      headers["X-HTTP-Method-Override"] = "GET";
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(params);
    }
  } else {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(params);
  }
  const resp = await fetch(url, { method: body && m === "GET" ? "POST" : m, headers, body, credentials: "same-origin" });
  const json = await parse(resp);
  if (!resp.ok) throw json as KintoneError;
  return json;
}

export function api(
  path: string,
  method: string,
  params?: Record<string, unknown>,
  success?: Callback<unknown>,
  failure?: Callback<unknown>,
): Promise<unknown> | undefined {
  const p = rawApi(path, method, params ?? {});
  if (!success && !failure) return p;
  p.then(
    (v) => success?.(v),
    (e: unknown) => failure?.(e),
  );
  return undefined;
}

/** kintone appends ".json": `/k/v1/record` → `https://host/k/v1/record.json`. A path already ending in .json is
 * kept as is (real kintone would double it; see the report). No guest spaces in the sandbox. */
export function apiUrl(path: string, _detectGuestSpace?: boolean): string {
  return `${location.origin}${path.endsWith(".json") ? path : `${path}.json`}`;
}

export async function internal(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const resp = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await parse(resp)) as Record<string, unknown>;
  if (!resp.ok) throw json;
  return json;
}

export type ProxyTuple = [string, number, Record<string, string>];

/** Resolves with [body, status, headers] for every HTTP status; rejects only when nothing answered. */
export async function proxyVia(path: string, body: Record<string, unknown>): Promise<ProxyTuple> {
  const out = await internal(path, body);
  return out.result as ProxyTuple;
}

export function withCallbacks<T>(p: Promise<T>, success?: Callback<T>, failure?: Callback<unknown>): Promise<T> | undefined {
  if (!success && !failure) return p;
  p.then(
    (v) => success?.(v),
    (e: unknown) => failure?.(e),
  );
  return undefined;
}
