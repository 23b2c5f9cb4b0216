// kintone.events: on/off with one type or an array of types; handlers run in registration order and may return
// the event or a thenable resolving to it, which kintone waits for before the next handler. Only a returned
// event carries changes (error, record values, url) forward.
export type KEvent = Record<string, unknown> & { type: string };
type Handler = (event: KEvent) => unknown;

export interface EventBus {
  on(type: string | string[], handler: Handler): void;
  off(type?: string | string[], handler?: Handler): boolean;
  /** Runs every handler for event.type; resolves to the event the last handler left (or the original). */
  fire(event: KEvent): Promise<KEvent>;
  has(type: string): boolean;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";

/** A handler may have put something uncloneable (an element, a function) on the event: then a shallow copy. */
function copyOf(event: KEvent): KEvent {
  try {
    return structuredClone(event);
  } catch {
    return { ...event };
  }
}

export function createEventBus(onError: (err: unknown) => void): EventBus {
  const handlers = new Map<string, Handler[]>();
  const types = (t: string | string[]) => (Array.isArray(t) ? t : [t]);
  return {
    on(type, handler) {
      if (typeof handler !== "function") throw new TypeError("kintone.events.on: handler must be a function");
      for (const t of types(type)) handlers.set(t, [...(handlers.get(t) ?? []), handler]);
    },
    off(type, handler) {
      if (type === undefined) {
        handlers.clear();
        return true;
      }
      let removed = false;
      for (const t of types(type)) {
        const list = handlers.get(t) ?? [];
        const next = handler ? list.filter((h) => h !== handler) : [];
        removed ||= next.length !== list.length;
        handlers.set(t, next);
      }
      return removed;
    },
    async fire(event) {
      let current = event;
      for (const h of [...(handlers.get(event.type) ?? [])]) {
        try {
          // Each handler gets its own copy: as in kintone, changes count only when the handler returns the event.
          let out = h(copyOf(current));
          if (isThenable(out)) out = await out;
          // A handler returning the (possibly new) event object passes it on; returning nothing keeps the last one.
          if (typeof out === "object" && out !== null) current = out as KEvent;
        } catch (err) {
          onError(err);
        }
      }
      return current;
    },
    has: (type) => (handlers.get(type) ?? []).length > 0,
  };
}
