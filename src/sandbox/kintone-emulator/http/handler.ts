// Serves /k/v1/… and /k/guest/{space}/v1/…: authenticate, route, commit, answer, then send webhooks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { KintoneEmulatorError } from "../errors.js";
import { QueryChoiceError, QueryFieldError, QueryOperatorError, QuerySyntaxError } from "../query/index.js";
import type { Tokens } from "../tokens.js";
import type { SandboxUser } from "../types.js";
import type { Users } from "../users.js";
import { appRoutes } from "./app-routes.js";
import { authenticate } from "./auth.js";
import { createBulkRoute } from "./bulk-route.js";
import type { Call, Deps, Route } from "./call.js";
import { createCursors, cursorRoutes } from "./cursors.js";
import { recordRoutes } from "./records-routes.js";
import { effectiveMethod, languageOf, parseJson, parseQueryString, readBody } from "./request.js";

export interface HandlerOptions extends Omit<Deps, "cursors"> {
  users: Users;
  tokens: Tokens;
  sessionUser: (sessionId: string) => SandboxUser | null;
  basic: { current: { user: string; password: string } | null };
  concurrencyLimit: number;
}

export const API_PATH = /^\/k\/(?:guest\/\d+\/)?v1\/(.+)\.json$/;

/** Errors from the query module and elsewhere, as kintone reports them. */
export function asKintoneError(err: unknown): KintoneEmulatorError {
  if (err instanceof KintoneEmulatorError) return err;
  if (err instanceof QuerySyntaxError)
    return new KintoneEmulatorError("CB_VA01", "", { query: [{ ja: "クエリ記法が間違っています。", en: "The query is invalid." }] });
  if (err instanceof QueryFieldError) return new KintoneEmulatorError("GAIA_IQ11", err.field);
  if (err instanceof QueryOperatorError) return new KintoneEmulatorError(err.inTable ? "GAIA_IQ07" : "GAIA_IQ03", [err.field, err.op]);
  if (err instanceof QueryChoiceError) return new KintoneEmulatorError("GAIA_IQ10", [err.field, err.value]);
  console.error("kintone emulator: unexpected error", err);
  return new KintoneEmulatorError("CB_UN01");
}

export function createHandler(options: HandlerOptions) {
  const deps: Deps = {
    users: options.users,
    apps: options.apps,
    records: options.records,
    webhooks: options.webhooks,
    cursors: createCursors(),
  };
  const routes: Record<string, Route> = { ...recordRoutes, ...cursorRoutes, ...appRoutes };
  routes["POST bulkRequest"] = createBulkRoute(routes);
  let active = 0;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const match = API_PATH.exec(url.pathname);
    if (!match) return false;
    const lang = languageOf(req);
    if (active >= options.concurrencyLimit) {
      send(res, 429, new KintoneEmulatorError("GAIA_TO04").body(lang), { "X-ConcurrencyLimit-Limit": String(options.concurrencyLimit) });
      return true;
    }
    active++;
    try {
      const body = await readBody(req);
      const principal = authenticate(req, {
        users: options.users,
        tokens: options.tokens,
        sessionUser: options.sessionUser,
        basic: options.basic,
        managers: (id) => options.apps.get(id)?.managers ?? [],
      });
      const method = effectiveMethod(req);
      const params = method === "GET" || method === "DELETE" ? { ...parseQueryString(url.search), ...parseJson(body) } : parseJson(body);
      const route = routes[`${method} ${match[1]}`];
      if (!route) throw new KintoneEmulatorError("CB_NO01");
      const call: Call = { principal, params, deps, pending: [] };
      const result = route(call);
      send(res, 200, result);
      for (const { app, payload } of call.pending) options.webhooks.emit(app, payload);
    } catch (err) {
      if (req.destroyed && (err as { code?: string }).code === "ECONNRESET") return true; // the client went away mid-body
      const bulk = err as { bulkIndex?: number; bulkSize?: number; cause?: unknown };
      if (bulk.bulkIndex !== undefined && bulk.bulkSize !== undefined) {
        const e = asKintoneError(bulk.cause);
        const results = Array.from({ length: bulk.bulkSize }, (_, i) => (i === bulk.bulkIndex ? e.body(lang) : {}));
        send(res, e.status, { results });
      } else {
        const e = asKintoneError(err);
        const headers: Record<string, string> =
          options.basic.current && e.code === "CB_AU01" ? { "WWW-Authenticate": 'Basic realm="kintone"' } : {};
        send(res, e.status, e.body(lang), headers);
      }
    } finally {
      active--;
    }
    return true;
  };
}
