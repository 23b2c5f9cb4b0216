// Which call the web phone shows. An agent's call in progress is never replaced: a second number (another click,
// a ring) waits beside it until the call ends, and text that is no phone number is refused, not dialled.
import type { CallDirection, CallRow, Store } from "./store.js";
import type { Calls } from "./calls.js";
import type { SimulatedAgent } from "./agents.js";
import { parseDialInput } from "./dial-input.js";

/** An API call for the same number this recently is the one the web phone is showing. */
const PICKUP_WINDOW_MS = 2 * 60_000;

export interface PhoneRequest {
  /** The `number` parameter as given; null when absent. */
  number: string | null;
  direction: CallDirection;
  agent: SimulatedAgent | null;
}

export interface WaitingNumber {
  /** What the next phone URL carries (E.164 when known). */
  number: string;
  display: string;
  direction: CallDirection;
}

export type PhoneState =
  { kind: "idle"; refused: string | null } | { kind: "call"; call: CallRow; waiting: WaitingNumber | null; refused: string | null };

export function phoneState(store: Store, calls: Calls, req: PhoneRequest): PhoneState {
  const email = req.agent?.email ?? "";
  const dial = req.number === null ? null : parseDialInput(req.number);
  const refused = dial && !dial.ok ? dial.shown : null;
  const wanted = dial?.ok ? dial : null;

  const current = store.calls.inProgress(email);
  if (current) {
    const same =
      wanted !== null &&
      req.direction === current.direction &&
      (wanted.e164 ? wanted.e164 === current.number_e164 : wanted.display === current.display);
    const waiting = wanted && !same ? { number: wanted.e164 ?? wanted.display, display: wanted.display, direction: req.direction } : null;
    return { kind: "call", call: current, waiting, refused };
  }
  if (wanted) {
    const since = new Date(Date.now() - PICKUP_WINDOW_MS).toISOString();
    const picked = req.direction === "outgoing" && wanted.e164 ? store.calls.recentDialing(wanted.e164, since, email) : null;
    const call = picked ?? calls.startOnPhone(req.direction, wanted.e164, wanted.display, req.agent);
    return { kind: "call", call: store.calls.openOnPhone(call.id, req.agent), waiting: null, refused: null };
  }
  if (refused !== null) return { kind: "idle", refused };
  const started = store.calls.latestDialing(email);
  if (started) return { kind: "call", call: store.calls.openOnPhone(started.id, req.agent), waiting: null, refused: null };
  return { kind: "idle", refused: null };
}
