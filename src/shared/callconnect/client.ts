// The CallConnect API (docs/callconnect-api.md) behind one Transport. Pure: no DOM, no Node, no kintone.
// The browser passes kintone's plugin proxy (which adds the token); the connector passes fetch + withBearerToken.
import * as v from "valibot";
import {
  CustomerOutSchema,
  CallOutSchema,
  StartedCallSchema,
  PingSchema,
  type Customer,
  type CustomerOut,
  type CallOut,
  type StartedCall,
} from "./schemas";

export interface TransportRequest {
  method: "GET" | "PUT" | "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
}
export interface TransportResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
/** Resolves for every HTTP status; rejects only when no answer came (the client reports `unreachable`). */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export type CallConnectErrorKind =
  "unauthorized" | "not_found" | "rate_limited" | "unreachable" | "server_error" | "bad_request" | "bad_response";

export interface CallConnectError {
  kind: CallConnectErrorKind;
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** CallConnect's own message or the transport's reason: for logs, never shown raw as HTML. */
  message: string;
  /** Seconds to wait, from Retry-After on 429. */
  retryAfter?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CallConnectError };

export { CustomerSchema, CustomerOutSchema, CallOutSchema } from "./schemas";
export type { Customer, CustomerOut, CallOut, StartedCall } from "./schemas";
export { buildCustomer } from "./customer";

/** Stable upsert key per kintone record, shared by the browser push and the connector. */
export function externalKey(appId: string | number, recordId: string | number): string {
  return `kintone-${appId}-${recordId}`;
}

/** Adds the token header; for Node callers only (in the browser kintone's proxy config adds it). */
export function withBearerToken(transport: Transport, token: string): Transport {
  return (req) => transport({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } });
}

function errorKindOf(status: number): CallConnectErrorKind {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "bad_request";
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const e = parsed.error;
    if (e && (typeof e.message === "string" || typeof e.code === "string"))
      return [e.code, e.message].filter((x) => typeof x === "string").join(": ");
  } catch {
    // not JSON: fall through to a trimmed excerpt
  }
  return body.slice(0, 200);
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export interface CallConnectClient {
  ping(): Promise<Result<{ accountName: string }>>;
  upsertCustomer(key: string, customer: Customer): Promise<Result<CustomerOut>>;
  /** A 404 counts as done: the customer is already gone. */
  deleteCustomer(key: string): Promise<Result<void>>;
  getCustomer(key: string): Promise<Result<CustomerOut>>;
  findCustomers(e164: string): Promise<Result<CustomerOut[]>>;
  /** `agent` is the kintone user who clicked (CallConnect credits the call to the agent with that login or e-mail). */
  startCall(
    call: { number: string; display: string; extension?: string; agent?: { code: string; email: string } },
    idempotencyKey: string,
  ): Promise<Result<StartedCall>>;
  searchCalls(e164: string, limit?: number): Promise<Result<CallOut[]>>;
}

export function createCallConnectClient(options: { baseUrl: string; transport: Transport }): CallConnectClient {
  const base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
  const url = (path: string, query?: Record<string, string>) => {
    // Built by hand: URLSearchParams is the platform's (DOM or Node), not the language's.
    const qs = query
      ? `?${Object.entries(query)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join("&")}`
      : "";
    return `${base}${path}${qs}`;
  };
  const customerPath = (key: string) => `api/v1/customers/external/${encodeURIComponent(key)}`;

  async function send<S extends v.GenericSchema>(
    req: {
      method: TransportRequest["method"];
      path: string;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
    },
    schema: S | null,
    accept: (status: number) => boolean = (s) => s >= 200 && s < 300,
  ): Promise<Result<v.InferOutput<S> | undefined>> {
    const headers: Record<string, string> = { Accept: "application/json", ...(req.headers ?? {}) };
    const init: TransportRequest = { method: req.method, url: url(req.path, req.query), headers };
    if (req.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(req.body);
    }
    let resp: TransportResponse;
    try {
      resp = await options.transport(init);
    } catch (err) {
      return { ok: false, error: { kind: "unreachable", status: 0, message: err instanceof Error ? err.message : String(err) } };
    }
    if (!accept(resp.status)) {
      const error: CallConnectError = { kind: errorKindOf(resp.status), status: resp.status, message: messageOf(resp.body) };
      const retry = Number(headerOf(resp.headers, "retry-after"));
      if (resp.status === 429 && Number.isFinite(retry) && retry >= 0) error.retryAfter = retry;
      return { ok: false, error };
    }
    if (!schema || resp.status === 204 || resp.status === 404) return { ok: true, value: undefined };
    let json: unknown;
    try {
      json = JSON.parse(resp.body);
    } catch {
      return { ok: false, error: { kind: "bad_response", status: resp.status, message: "response is not JSON" } };
    }
    const parsed = v.safeParse(schema, json);
    if (!parsed.success)
      return {
        ok: false,
        error: {
          kind: "bad_response",
          status: resp.status,
          message: parsed.issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`).join("; "),
        },
      };
    return { ok: true, value: parsed.output };
  }

  const map = <A, B>(r: Result<A>, f: (a: A) => B): Result<B> => (r.ok ? { ok: true, value: f(r.value) } : r);

  return {
    async ping() {
      return map(await send({ method: "GET", path: "api/v1/ping" }, PingSchema), (x) => ({ accountName: x?.account?.name ?? "" }));
    },
    async upsertCustomer(key, customer) {
      return map(
        await send({ method: "PUT", path: customerPath(key), body: customer }, v.object({ customer: CustomerOutSchema })),
        (x) => x!.customer,
      );
    },
    async deleteCustomer(key) {
      return map(
        await send({ method: "DELETE", path: customerPath(key) }, null, (s) => (s >= 200 && s < 300) || s === 404),
        () => undefined,
      );
    },
    async getCustomer(key) {
      return map(await send({ method: "GET", path: customerPath(key) }, v.object({ customer: CustomerOutSchema })), (x) => x!.customer);
    },
    async findCustomers(e164) {
      return map(
        await send(
          { method: "GET", path: "api/v1/customers", query: { number: e164 } },
          v.object({ customers: v.array(CustomerOutSchema) }),
        ),
        (x) => x!.customers,
      );
    },
    async startCall(call, idempotencyKey) {
      return map(
        await send(
          { method: "POST", path: "api/v1/calls", body: call, headers: { "Idempotency-Key": idempotencyKey } },
          v.object({ call: StartedCallSchema }),
        ),
        (x) => x!.call,
      );
    },
    async searchCalls(e164, limit = 50) {
      return map(
        await send(
          { method: "GET", path: "api/v1/calls", query: { number: e164, limit: String(limit) } },
          v.object({ calls: v.array(CallOutSchema) }),
        ),
        (x) => x!.calls,
      );
    },
  };
}
