// Screen pop's switchboard: CallConnect's live events in, each agent's open kintone pages out. Memory only —
// a call is kept while it rings or talks (and a minute after it ends, for a late reconnect), never in the store;
// a ring older than RING_REPLAY_MS is not shown to a stream that connects later.
import type { ServerResponse } from "node:http";
import { RING_REPLAY_MS, type LiveCall } from "../../shared/contract/live";
import type { Settings } from "../../shared/settings";
import type { AppKey } from "../tenants";

export interface Subscriber {
  app: AppKey;
  user: string;
  email: string;
  res: ServerResponse;
}

interface CallEntry {
  call: LiveCall;
  /** CallConnect e-mails the call rings for. */
  ringTo: string[];
  /** Who answered (e-mail), once someone did. */
  answeredBy: string;
  ringAt: number;
  updatedAt: number;
}

const KEEP_ENDED_MS = 60_000;
const KEEP_ACTIVE_MS = 4 * 60 * 60_000;
/** Bounds memory under a flood of rings nobody answers: the oldest are forgotten first. */
const MAX_CALLS_PER_APP = 2_000;

/** Whether a CallConnect user (by e-mail) is this kintone user: the admin's exceptions, the e-mail, or its local part. */
export function isAgent(ccEmail: string, sub: Pick<Subscriber, "user" | "email">, exceptions: Settings["agents"] = []): boolean {
  const email = ccEmail.trim().toLowerCase();
  if (!email) return false;
  const user = sub.user.toLowerCase();
  const mapped = exceptions.find((a) => a.callconnect.trim().toLowerCase() === email);
  if (mapped) return mapped.kintoneUser.toLowerCase() === user;
  if (sub.email && sub.email.toLowerCase() === email) return true;
  return email.includes("@") ? email.split("@")[0] === user : email === user;
}

export function createLiveHub() {
  const subscribers = new Map<AppKey, Set<Subscriber>>();
  /** Each app's agent exceptions (settings.agents), as the last event of the app brought them. */
  const exceptionsOf = new Map<AppKey, Settings["agents"]>();
  const calls = new Map<AppKey, Map<string, CallEntry>>();

  const callsOf = (app: AppKey) => {
    let m = calls.get(app);
    if (!m) calls.set(app, (m = new Map<string, CallEntry>()));
    return m;
  };

  /** What this agent sees of a call: nothing, or the call — "ended" for one answered by a colleague. */
  function viewFor(entry: CallEntry, sub: Subscriber): LiveCall | null {
    const exceptions = exceptionsOf.get(sub.app) ?? [];
    const mine = (e: string) => isAgent(e, sub, exceptions);
    if (entry.answeredBy) {
      if (mine(entry.answeredBy)) return entry.call;
      return entry.ringTo.some(mine) ? { ...entry.call, state: "ended" } : null;
    }
    return entry.ringTo.some(mine) ? entry.call : null;
  }

  function send(sub: Subscriber, call: LiveCall): void {
    sub.res.write(`event: call\nid: ${call.callId}\ndata: ${JSON.stringify(call)}\n\n`);
  }

  function prune(app: AppKey, now: number): void {
    const m = callsOf(app);
    for (const [id, e] of m) {
      const age = now - e.updatedAt;
      if ((e.call.state === "ended" && age > KEEP_ENDED_MS) || age > KEEP_ACTIVE_MS) m.delete(id);
    }
    while (m.size > MAX_CALLS_PER_APP) m.delete(m.keys().next().value!);
  }

  return {
    /** A ring, an answer or an end: remembered, then sent to every stream of an agent it concerns. */
    publish(
      app: AppKey,
      call: LiveCall,
      who: { ringTo: string[]; answeredBy?: string; exceptions?: Settings["agents"] },
      now = Date.now(),
    ): number {
      if (who.exceptions) exceptionsOf.set(app, who.exceptions);
      prune(app, now);
      const m = callsOf(app);
      const prev = m.get(call.callId);
      // At-least-once delivery: a late retry of the ring must not reopen a call already answered or ended.
      const order = { ringing: 0, talking: 1, ended: 2 } as const;
      if (prev && order[prev.call.state] > order[call.state]) return 0;
      const entry: CallEntry = {
        call: prev ? { ...call, customerIds: call.customerIds.length ? call.customerIds : prev.call.customerIds } : call,
        ringTo: who.ringTo.length ? who.ringTo : (prev?.ringTo ?? []),
        answeredBy: who.answeredBy || prev?.answeredBy || "",
        ringAt: prev?.ringAt ?? now,
        updatedAt: now,
      };
      m.delete(call.callId);
      m.set(call.callId, entry);
      let delivered = 0;
      for (const sub of subscribers.get(app) ?? []) {
        const view = viewFor(entry, sub);
        if (view) {
          send(sub, view);
          delivered++;
        }
      }
      return delivered;
    },
    /** Updates what is known of a call's customers (顧客作成 done) and tells the agents who see it. */
    linkCustomers(app: AppKey, e164: string, recordIds: string[], now = Date.now()): void {
      for (const entry of callsOf(app).values()) {
        if (entry.call.e164 !== e164 || !entry.call.creatingCustomer) continue;
        entry.call = { ...entry.call, customerIds: recordIds, creatingCustomer: false };
        entry.updatedAt = now;
        for (const sub of subscribers.get(app) ?? []) {
          const view = viewFor(entry, sub);
          if (view) send(sub, view);
        }
      }
    },
    /** A new stream: what it missed (rings ≤ 30 s old still ringing, calls still talking), then live events. */
    subscribe(sub: Subscriber, now = Date.now()): () => void {
      let set = subscribers.get(sub.app);
      if (!set) subscribers.set(sub.app, (set = new Set()));
      set.add(sub);
      prune(sub.app, now);
      for (const entry of callsOf(sub.app).values()) {
        const fresh = entry.call.state === "talking" || (entry.call.state === "ringing" && now - entry.ringAt <= RING_REPLAY_MS);
        const view = fresh ? viewFor(entry, sub) : null;
        if (view && view.state !== "ended") send(sub, view);
      }
      return () => {
        set.delete(sub);
        if (set.size === 0) subscribers.delete(sub.app);
      };
    },
    /** A call this hub knows (a wrap-up's number when the browser did not send it). */
    callOf: (app: AppKey, callId: string): LiveCall | null => callsOf(app).get(callId)?.call ?? null,
    connected: (app?: AppKey) =>
      app === undefined ? [...subscribers.values()].reduce((n, s) => n + s.size, 0) : (subscribers.get(app)?.size ?? 0),
    /** Every open stream, e.g. for the heartbeat. */
    each(fn: (sub: Subscriber) => void): void {
      for (const set of subscribers.values()) for (const sub of set) fn(sub);
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
