// The connector: HTTP endpoints (registration, webhooks), the work queue and the sync scheduler, joined here.
import type { Connector, ConnectorOptions } from "./types";

export type { Connector, ConnectorOptions } from "./types";

export function createConnector(options: ConnectorOptions): Connector {
  const base = new URL(options.publicUrl).pathname.replace(/\/?$/, "/");
  return {
    async handle(req, res) {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (!path.startsWith(base)) return false;
      res.writeHead(503, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "not_ready" }));
      return true;
    },
    async runOnce() {},
    async close() {},
  };
}
