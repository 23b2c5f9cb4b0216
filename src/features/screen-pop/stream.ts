// The agent's live call stream: a ticket through kintone's proxy (the connector secret stays in the proxy
// config), then an EventSource on the connector. On any drop it asks for a new ticket and reconnects, backing
// off up to 15 s; the connector replays a ring that is still ringing, so nothing rung during the gap is missed.
import * as v from "valibot";
import { LiveCallSchema, TicketReplySchema, type LiveCall, type TicketReply } from "../../shared/contract/live";
import type { Transport } from "../../shared/callconnect/client";

export type StreamStatus = { kind: "connected" } | { kind: "lost" } | { kind: "refused"; status: number };

const DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
const REFUSED_DELAY_MS = 60_000;

export async function fetchTicket(transport: Transport, connectorUrl: string, app: string, user: { code: string; email: string }) {
  const base = connectorUrl.endsWith("/") ? connectorUrl : `${connectorUrl}/`;
  const res = await transport({
    url: `${base}api/apps/${app}/live/ticket`,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: user.code, email: user.email }),
  });
  if (res.status !== 200) return { ok: false as const, status: res.status };
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    return { ok: false as const, status: 502 };
  }
  const parsed = v.safeParse(TicketReplySchema, json);
  return parsed.success ? { ok: true as const, reply: parsed.output } : { ok: false as const, status: 502 };
}

export function openLiveStream(opts: {
  ticket: () => Promise<{ ok: true; reply: TicketReply } | { ok: false; status: number }>;
  onCall(call: LiveCall): void;
  onStatus(status: StreamStatus): void;
}): { close(): void } {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;

  const retry = (ms: number) => {
    if (closed) return;
    timer = setTimeout(() => void connect(), ms);
  };

  async function connect(): Promise<void> {
    let t: Awaited<ReturnType<typeof opts.ticket>>;
    try {
      t = await opts.ticket();
    } catch {
      t = { ok: false, status: 0 };
    }
    if (closed) return;
    if (!t.ok) {
      // 401/404: the settings are wrong, not the network; said once, tried again slowly.
      if (t.status === 401 || t.status === 403 || t.status === 404) {
        opts.onStatus({ kind: "refused", status: t.status });
        return retry(REFUSED_DELAY_MS);
      }
      opts.onStatus({ kind: "lost" });
      return retry(DELAYS_MS[Math.min(failures++, DELAYS_MS.length - 1)]!);
    }
    const es = new EventSource(t.reply.streamUrl);
    source = es;
    es.addEventListener("open", () => {
      failures = 0;
      opts.onStatus({ kind: "connected" });
    });
    es.addEventListener("call", (e: MessageEvent<string>) => {
      let json: unknown;
      try {
        json = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = v.safeParse(LiveCallSchema, json);
      if (parsed.success) opts.onCall(parsed.output);
    });
    es.addEventListener("error", () => {
      // EventSource would retry with the same (soon expired) ticket: reconnect ourselves with a new one.
      es.close();
      if (source !== es || closed) return;
      source = null;
      opts.onStatus({ kind: "lost" });
      retry(DELAYS_MS[Math.min(failures++, DELAYS_MS.length - 1)]!);
    });
  }

  void connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
}
