// Screen pop between the connector and the plugin (docs/screen-pop.md): a short-lived ticket asked for through
// kintone's proxy, then a server-sent-events stream of this agent's calls. Both sides parse with these schemas.
import * as v from "valibot";

/** POST {connector}api/apps/{app}/live/ticket (through the plugin proxy): who is asking. */
export const TicketRequestSchema = v.object({
  user: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  email: v.optional(v.pipe(v.string(), v.maxLength(254)), ""),
});
export type TicketRequest = v.InferOutput<typeof TicketRequestSchema>;

export const TicketReplySchema = v.object({
  /** Opaque; valid for `expiresInSec` to open one stream. */
  ticket: v.string(),
  /** Absolute URL of the stream, the ticket already in its query. */
  streamUrl: v.string(),
  expiresInSec: v.number(),
});
export type TicketReply = v.InferOutput<typeof TicketReplySchema>;

export const LIVE_STATES = ["ringing", "talking", "ended"] as const;
export type LiveState = (typeof LIVE_STATES)[number];

/** One call as the stream tells it (`event: call`); a later message for the same callId replaces the earlier. */
export const LiveCallSchema = v.object({
  callId: v.string(),
  state: v.picklist(LIVE_STATES),
  direction: v.picklist(["incoming", "outgoing"]),
  /** E.164 when the number could be read, else "". */
  e164: v.string(),
  /** The number as CallConnect shows it; the card prefers the national format of e164. */
  number: v.string(),
  startedAt: v.string(),
  /** What CallConnect knows of the contact ("" when nothing). */
  contact: v.object({ name: v.string(), company: v.string() }),
  /** Customer records the connector's number index holds for e164, any notation (the browser reads them itself). */
  customerIds: v.array(v.string()),
  /** 顧客作成 is on and nobody matched: the connector is creating the customer (a later message names it). */
  creatingCustomer: v.boolean(),
});
export type LiveCall = v.InferOutput<typeof LiveCallSchema>;

/** POST {connector}api/apps/{app}/calls/{callId}/wrapup (through the plugin proxy). */
export const WrapupSchema = v.object({
  user: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  result: v.pipe(v.string(), v.maxLength(64)),
  memo: v.pipe(v.string(), v.maxLength(2000)),
  e164: v.optional(v.string(), ""),
  /** The same wrap-up sent twice (a retry) is written once. */
  key: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
});
export type Wrapup = v.InferOutput<typeof WrapupSchema>;

/** A ring older than this when a stream (re)connects is not shown. */
export const RING_REPLAY_MS = 30_000;
