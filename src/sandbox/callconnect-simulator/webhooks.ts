// Webhook delivery as CallConnect would do it: one POST per event and target, signed when a secret is set,
// retried with backoff on 5xx/429/network errors, every attempt recorded in cc_deliveries.
import { createHmac } from "node:crypto";
import pLimit from "p-limit";
import type { Logger } from "pino";
import type { SimulatedWebhookTarget } from "./types.js";
import type { Store } from "./store.js";

export const DEFAULT_RETRY_DELAYS_MS = [500, 2000, 5000];
const TIMEOUT_MS = 10_000;
/** Requests in flight at once; calls are reported in parallel like a real service under load. */
const CONCURRENCY = 8;

/** A target as shown in pages, logs and cc_deliveries: query values (the `key`) never appear. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const name of [...u.searchParams.keys()]) u.searchParams.set(name, "***");
    return u.toString().replace(/%2A%2A%2A/g, "***");
  } catch {
    return "(invalid URL)";
  }
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createWebhookSender(store: Store, log: Logger, retryDelaysMs: number[] = DEFAULT_RETRY_DELAYS_MS) {
  let targets: SimulatedWebhookTarget[] = [];
  // One chain per (target, call) keeps a call's events in order (ended → memo → transcription).
  const chains = new Map<string, Promise<void>>();
  const limit = pLimit(CONCURRENCY);
  const inFlight = new Set<Promise<void>>();

  async function deliver(deliveryId: number, target: SimulatedWebhookTarget, body: string): Promise<void> {
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "x-callconnect-delivery": String(deliveryId),
    };
    if (target.signingSecret) headers["x-callconnect-signature"] = signBody(body, target.signingSecret);
    const shown = redactUrl(target.url);
    for (let attempt = 1; ; attempt++) {
      let httpStatus: number | null = null;
      let error = "";
      try {
        httpStatus = await limit(async () => {
          const res = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
          await res.arrayBuffer().catch(() => undefined);
          return res.status;
        });
        if (httpStatus >= 200 && httpStatus < 300) {
          store.deliveries.update(deliveryId, { status: "sent", httpStatus, attempts: attempt, error: "" });
          return;
        }
        error = `HTTP ${httpStatus}`;
      } catch (e) {
        // fetch's own message is just "fetch failed"; the cause's code (ECONNREFUSED…) says why, without the URL.
        const code =
          e instanceof Error && typeof (e.cause as { code?: unknown } | undefined)?.code === "string"
            ? ` (${(e.cause as { code: string }).code})`
            : "";
        error = e instanceof Error ? `${e.name}: ${e.message}${code}` : String(e);
      }
      const retryable = httpStatus === null || httpStatus >= 500 || httpStatus === 429;
      const delay = retryDelaysMs[attempt - 1];
      if (!retryable || delay === undefined) {
        store.deliveries.update(deliveryId, { status: "failed", httpStatus, attempts: attempt, error });
        log.error({ deliveryId, target: shown, attempts: attempt, error }, "webhook delivery failed");
        return;
      }
      store.deliveries.update(deliveryId, { status: "pending", httpStatus, attempts: attempt, error });
      log.warn({ deliveryId, target: shown, attempt, error, retryInMs: delay }, "webhook delivery will be retried");
      await sleep(delay);
    }
  }

  return {
    setTargets(next: SimulatedWebhookTarget[]): void {
      targets = next.map((t) => ({ ...t }));
    },
    targets: (): SimulatedWebhookTarget[] => targets.map((t) => ({ ...t })),
    /** Queues one event of one call to every target; returns at once. */
    send(callId: number, event: string, body: string): void {
      for (const target of targets) {
        const deliveryId = store.deliveries.add(callId, event, redactUrl(target.url));
        const chainKey = `${callId}\n${target.url}`;
        const previous = chains.get(chainKey) ?? Promise.resolve();
        const next = previous
          .then(() => deliver(deliveryId, target, body))
          .catch((e: unknown) => log.error({ deliveryId, err: e }, "webhook delivery crashed"));
        chains.set(chainKey, next);
        inFlight.add(next);
        void next.finally(() => {
          inFlight.delete(next);
          if (chains.get(chainKey) === next) chains.delete(chainKey);
        });
      }
    },
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
