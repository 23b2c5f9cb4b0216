// The CallConnect simulator: customer API, web phone, recordings and webhooks under `/callconnect/`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallConnectSimulator, CallConnectSimulatorOptions, SimulatedWebhookTarget } from "./types.js";

export type { CallConnectSimulator, CallConnectSimulatorOptions, SimulatedWebhookTarget } from "./types.js";

export function createCallConnectSimulator(options: CallConnectSimulatorOptions): CallConnectSimulator {
  let targets: SimulatedWebhookTarget[] = [];
  void options;
  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path !== "/callconnect" && !path.startsWith("/callconnect/")) return false;
      res.writeHead(501, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_implemented", message: "simulator not ready" } }));
      return true;
    },
    setWebhookTargets(next) {
      targets = next.map((t) => ({ ...t }));
    },
    async drainWebhooks() {
      void targets;
    },
  };
}
