// Idempotency keys for API calls: a double click (or a second click while the first is on its way) on the
// same number reuses the key, so CallConnect starts one call, not two.
export const SAME_CALL_WINDOW_MS = 5000;

export function createCallKeys(now: () => number = Date.now, fresh: () => string = defaultKey): (number: string) => string {
  let last: { number: string; key: string; at: number } | null = null;
  return (number) => {
    const t = now();
    if (!last || last.number !== number || t - last.at > SAME_CALL_WINDOW_MS) last = { number, key: fresh(), at: t };
    return last.key;
  };
}

function defaultKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Whether CallConnect's acceptance of the call with this key is news: the clicks of a double click are one
 * call (one key) and get two answers, but the agent is told once.
 */
export function createAnnouncer(): (key: string) => boolean {
  let announced = "";
  return (key) => {
    if (key === announced) return false;
    announced = key;
    return true;
  };
}
