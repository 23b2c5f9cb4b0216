// Several tabs of one agent show the same card; opening the record or closing the card in one closes it in all.
export interface TabSync {
  closed(callId: string): void;
  onClosed(fn: (callId: string) => void): void;
}

export function tabSync(app: string, user: string): TabSync {
  const listeners: ((callId: string) => void)[] = [];
  // No BroadcastChannel (old browsers): each tab closes its own card only.
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`callconnect-pop:${app}:${user}`) : null;
  channel?.addEventListener("message", (e: MessageEvent<{ closed?: unknown }>) => {
    if (typeof e.data?.closed === "string") for (const fn of listeners) fn(e.data.closed);
  });
  return {
    closed: (callId) => channel?.postMessage({ closed: callId }),
    onClosed: (fn) => void listeners.push(fn),
  };
}
