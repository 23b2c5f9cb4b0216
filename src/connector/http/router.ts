// The connector's HTTP door: webhooks, health and the admin API below the connector's base path.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { handleAdmin, type AdminDeps } from "./admin";
import { readBody, routeOf, sendJson } from "./respond";
import { APP_ID_PATTERN, appKey, TENANT_ID } from "../tenants";
import { callconnectWebhook, kintoneWebhook, type IngestDeps } from "./webhooks";
import type { LiveHttp } from "../live/http";

export interface RouterDeps {
  basePath: string;
  log: Logger;
  ingest: IngestDeps;
  admin: AdminDeps;
  live?: LiveHttp;
}

const WEBHOOK_PATH = new RegExp(`^webhooks/(callconnect|kintone)/(${APP_ID_PATTERN})$`);

/** Resolves false for a request outside the connector's base path (the server then tries its other pieces). */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const route = routeOf(req, deps.basePath);
    if (!route) return false;
    try {
      if (route.tenantId) {
        route.tenant = TENANT_ID.test(route.tenantId) ? await deps.ingest.store.getTenant(route.tenantId) : null;
        // Nothing answers under an unknown tenant's prefix.
        if (!route.tenant) {
          await readBody(req).catch(() => undefined);
          sendJson(res, 404, { error: "not found" });
          return true;
        }
      }
      const hook = WEBHOOK_PATH.exec(route.path);
      if (hook && route.method === "POST") {
        const app = appKey(route.tenantId, hook[2]!);
        await (hook[1] === "callconnect" ? callconnectWebhook : kintoneWebhook)(deps.ingest, app, req, res, route);
      } else if (route.path === "health") {
        sendJson(res, 200, { ok: true });
      } else if (route.path === "ready") {
        // For a load balancer: this instance can store what it acknowledges (the database answers).
        const ready = await deps.ingest.store.ping().then(
          () => true,
          (err: unknown) => (deps.log.warn({ err }, "not ready: the store does not answer"), false),
        );
        sendJson(res, ready ? 200 : 503, { ready });
      } else if (deps.live && (await deps.live.handle(route, req, res))) {
        // screen pop: ticket, stream, wrap-up
      } else if (!(await handleAdmin(deps.admin, route, req, res))) {
        sendJson(res, 404, { error: "not found" });
      }
    } catch (err) {
      deps.log.error({ err, path: route.path }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
    }
    return true;
  };
}
