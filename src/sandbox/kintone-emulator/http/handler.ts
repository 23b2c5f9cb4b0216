// Serves /k/v1/… and /k/guest/{space}/v1/…: faults, the concurrency cap, authenticate, route, commit, answer, webhooks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { KintoneEmulatorError } from "../errors.js";
import { type Lang, languageOf } from "../messages/index.js";
import type { Tokens } from "../tokens.js";
import type { SandboxUser } from "../types.js";
import type { Users } from "../users.js";
import { appAdminRoutes } from "./app-admin-routes.js";
import { appRoutes } from "./app-routes.js";
import { authenticate } from "./auth.js";
import { createBulkRoute } from "./bulk-route.js";
import type { Call, Deps, Route } from "./call.js";
import { createCursors, cursorRoutes } from "./cursors.js";
import { asKintoneError } from "./errors-map.js";
import { type Faults, playFault } from "./faults.js";
import { pluginRoutes } from "./plugin-routes.js";
import { recordRoutes } from "./records-routes.js";
import { effectiveMethod, parseJson, parseQueryString, readRawBody } from "./request.js";

export interface HandlerOptions extends Omit<Deps, "cursors"> {
  users: Users;
  tokens: Tokens;
  sessionUser: (sessionId: string) => SandboxUser | null;
  basic: { current: { user: string; password: string } | null };
  concurrencyLimit: number;
  faults: Faults;
}

export const API_PATH = /^\/k\/(?:guest\/\d+\/)?v1\/(.+)\.json$/;
type Answer = { status: number; body: unknown; headers?: Record<string, string>; call?: Call };

export function createHandler(options: HandlerOptions) {
  const deps: Deps = { ...options, cursors: createCursors() };
  const routes: Record<string, Route> = { ...recordRoutes, ...cursorRoutes, ...appRoutes, ...appAdminRoutes, ...pluginRoutes };
  routes["POST bulkRequest"] = createBulkRoute(routes);
  const limit = String(options.concurrencyLimit);
  let active = 0;

  // kintone puts the concurrency figures on every response, not only on the 429.
  function send(res: ServerResponse, { status, body, headers }: Answer): void {
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "X-ConcurrencyLimit-Limit": limit,
      "X-ConcurrencyLimit-Running": String(active),
      ...headers,
    });
    res.end(JSON.stringify(body));
  }
  // An injected 429 reports the domain as full, as a real one would be.
  const tooMany = (res: ServerResponse, lang: Lang, injected = false) =>
    send(res, {
      status: 429,
      body: new KintoneEmulatorError("GAIA_TO04").body(lang),
      headers: { "X-Cybozu-Error": "GAIA_TO04", ...(injected ? { "X-ConcurrencyLimit-Running": limit } : {}) },
    });

  async function run(req: IncomingMessage, url: URL, api: string, method: string, lang: Lang): Promise<Answer | null> {
    try {
      const raw = await readRawBody(req);
      const contentType = String(req.headers["content-type"] ?? "");
      const multipart = contentType.startsWith("multipart/form-data");
      const body = multipart ? "" : raw.toString("utf8");
      const principal = authenticate(req, method, {
        users: options.users,
        tokens: options.tokens,
        sessionUser: options.sessionUser,
        basic: options.basic,
        managers: (id) => options.apps.get(id)?.managers ?? [],
      });
      const params = method === "GET" || method === "DELETE" ? { ...parseQueryString(url.search), ...parseJson(body) } : parseJson(body);
      const route = routes[`${method} ${api}`];
      if (!route) throw new KintoneEmulatorError("CB_NO01");
      options.admin.settle();
      const call: Call = { principal, params, deps, pending: [], raw: { body: raw, contentType } };
      return { status: 200, body: await route(call), call };
    } catch (err) {
      if (req.destroyed && (err as { code?: string }).code === "ECONNRESET") return null; // the client went away mid-body
      const bulk = err as { bulkIndex?: number; bulkSize?: number; cause?: unknown };
      if (bulk.bulkIndex !== undefined && bulk.bulkSize !== undefined) {
        const e = asKintoneError(bulk.cause);
        return {
          status: e.status,
          body: { results: Array.from({ length: bulk.bulkSize }, (_, i) => (i === bulk.bulkIndex ? e.body(lang) : {})) },
        };
      }
      const e = asKintoneError(err);
      const headers: Record<string, string> =
        options.basic.current && e.code === "CB_AU01" ? { "WWW-Authenticate": 'Basic realm="kintone"' } : {};
      return { status: e.status, body: e.body(lang), headers };
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const match = API_PATH.exec(url.pathname);
    if (!match) return false;
    const api = match[1] as string;
    const lang = languageOf(req.headers["accept-language"]);
    const method = effectiveMethod(req);
    const fault = options.faults.take(method, `/k/v1/${api}.json`);
    if (fault && fault.kind !== "drop-after-commit") {
      await playFault(fault, req, res, options.faults, () => tooMany(res, lang, true));
      return true;
    }
    if (active >= options.concurrencyLimit) {
      tooMany(res, lang);
      return true;
    }
    active++;
    try {
      const answer = await run(req, url, api, method, lang);
      if (!answer) return true;
      // drop-after-commit: the write stands, the answer never leaves.
      if (fault) req.socket.destroy();
      else send(res, answer);
      for (const { app, payload } of answer.call?.pending ?? []) options.webhooks.emit(app, payload);
    } finally {
      active--;
    }
    return true;
  };
}
