// Screen pop across instances: a ring may reach one connector instance while the agent's stream is open on another.
// On a store several instances share (PostgreSQL), every event is broadcast and each instance's hub hears it —
// its own included; on the embedded store the hub is told directly.
import type { Logger } from "pino";
import type { LiveCall } from "../../shared/contract/live";
import type { Settings } from "../../shared/settings";
import type { ConnectorStore } from "../store/types";
import type { LiveHub } from "./hub";
import type { AppKey } from "../tenants";

type Who = { ringTo: string[]; answeredBy?: string; exceptions?: Settings["agents"] };
type Message = { t: "call"; app: AppKey; call: LiveCall; who: Who; at: number } | { t: "link"; app: AppKey; e164: string; ids: string[] };

/** NOTIFY carries at most 8,000 bytes: a long list of customer ids is cut (the card searches kintone itself too). */
const MAX_IDS = 50;

export interface LiveRelay {
  publish(app: AppKey, call: LiveCall, who: Who, at?: number): Promise<void>;
  link(app: AppKey, e164: string, ids: string[]): void;
  close(): Promise<void>;
}

export async function createLiveRelay(hub: LiveHub, store: ConnectorStore, log: Logger): Promise<LiveRelay> {
  const { broadcast, listen } = store;
  const local: LiveRelay = {
    publish: async (app, call, who, at) => void hub.publish(app, call, who, at),
    link: (app, e164, ids) => hub.linkCustomers(app, e164, ids),
    close: async () => undefined,
  };
  if (!broadcast || !listen) return local;
  let stop: () => Promise<void>;
  try {
    stop = await listen.call(store, (text) => {
      let m: Message;
      try {
        m = JSON.parse(text) as Message;
      } catch {
        return;
      }
      if (m.t === "call") hub.publish(m.app, m.call, m.who, m.at);
      else hub.linkCustomers(m.app, m.e164, m.ids);
    });
  } catch (err) {
    // The database is not there yet: this instance's own streams still get its own events.
    log.error({ err }, "screen pop: not listening to the other instances");
    return local;
  }
  const send = (m: Message) => broadcast.call(store, JSON.stringify(m));
  return {
    publish: (app, call, who, at = Date.now()) =>
      send({ t: "call", app, call: { ...call, customerIds: call.customerIds.slice(0, MAX_IDS) }, who, at }),
    link: (app, e164, ids) =>
      void send({ t: "link", app, e164, ids: ids.slice(0, MAX_IDS) }).catch((err: unknown) =>
        log.warn({ err, app }, "live update not sent"),
      ),
    close: stop,
  };
}
