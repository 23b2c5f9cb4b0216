// A server-sent-events reader for tests: what an EventSource would hand the page, read with fetch.
import type { LiveCall } from "../../src/shared/contract/live";

export interface StreamReader {
  status: number;
  calls: LiveCall[];
  /** The first call message (from now on or already received) that matches, or a rejection after `ms`. */
  next(match: (c: LiveCall) => boolean, ms?: number): Promise<LiveCall>;
  /** Whether a matching message arrives within `ms` (for "nothing for smith"). */
  arrives(match: (c: LiveCall) => boolean, ms: number): Promise<boolean>;
  closed: Promise<void>;
  close(): void;
}

export async function readStream(url: string): Promise<StreamReader> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal, headers: { Accept: "text/event-stream" } });
  const calls: LiveCall[] = [];
  const waiters: (() => void)[] = [];
  let ended!: () => void;
  const closed = new Promise<void>((r) => (ended = r));
  if (res.status === 200 && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const lines = block.split("\n");
            const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
            const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
            if (event === "call" && data) {
              calls.push(JSON.parse(data) as LiveCall);
              for (const w of waiters.splice(0)) w();
            }
          }
        }
      } catch {
        // aborted
      }
      ended();
    })();
  } else ended();
  const next = (match: (c: LiveCall) => boolean, ms = 3000, from = 0) =>
    new Promise<LiveCall>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching call message in ${ms} ms; got ${JSON.stringify(calls)}`)), ms);
      const look = () => {
        const found = calls.slice(from).find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(look);
      };
      look();
    });
  return {
    status: res.status,
    calls,
    next: (match, ms) => next(match, ms),
    arrives: (match, ms) =>
      next(match, ms, calls.length).then(
        () => true,
        () => false,
      ),
    closed,
    close: () => abort.abort(),
  };
}

/** An agent's stream as the plugin opens it: a ticket from `connectorUrl` (with the secret the proxy adds), then the stream. */
export async function openAgentStream(connectorUrl: string, secret: string, user: string, email: string): Promise<StreamReader> {
  const t = await fetch(`${connectorUrl}api/apps/1/live/ticket`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Connector-Secret": secret },
    body: JSON.stringify({ user, email }),
  });
  if (t.status !== 200) throw new Error(`ticket refused: ${t.status}`);
  return readStream(((await t.json()) as { streamUrl: string }).streamUrl);
}
