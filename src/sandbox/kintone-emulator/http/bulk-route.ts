// bulkRequest.json: up to 20 record requests in one transaction; the first failure rolls back all of them.
import { KintoneEmulatorError, paramError } from "../errors.js";
import type { Call, Route } from "./call.js";
import { objectListParam } from "./call.js";

const MAX_REQUESTS = 20;
const API = /^\/k\/(?:guest\/\d+\/)?v1\/(.+)\.json$/;

/** Carries which sub-request failed, so the handler can answer kintone's `{results: [{}, {error}, …]}`. */
export class BulkFailure extends Error {
  constructor(
    readonly bulkIndex: number,
    readonly bulkSize: number,
    override readonly cause: unknown,
  ) {
    super("bulkRequest failed");
  }
}

export function createBulkRoute(routes: Record<string, Route>): Route {
  return (call: Call) => {
    const requests = objectListParam<{ method?: unknown; api?: unknown; payload?: unknown }>(call.params.requests, "requests");
    if (requests.length > MAX_REQUESTS) throw paramError("requests", "bulk.tooMany");
    return call.deps.records.transaction(() => {
      const results = requests.map((r, i) => {
        try {
          const match = API.exec(String(r.api ?? ""));
          const method = String(r.method ?? "").toUpperCase();
          const route = match && method !== "GET" ? routes[`${method} ${match[1]}`] : undefined;
          if (!route || match?.[1] === "bulkRequest") throw new KintoneEmulatorError("CB_NO01");
          const payload = (r.payload && typeof r.payload === "object" ? r.payload : {}) as Record<string, unknown>;
          return route({ ...call, params: payload });
        } catch (err) {
          throw new BulkFailure(i, requests.length, err);
        }
      });
      return { results };
    });
  };
}
