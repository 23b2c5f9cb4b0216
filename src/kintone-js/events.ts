// Typed registration of kintone's record events. The only module that calls kintone.events.on.
import type { KintoneRecord } from "../shared/kintone/record";

export interface RecordEvent {
  type: string;
  appId: number;
  recordId?: number | string;
  record: KintoneRecord;
}

export interface ListEvent {
  type: string;
  appId: number;
  viewType?: string;
  records: KintoneRecord[];
}

/** The event names per view, desktop and mobile. */
export const EVENTS = {
  desktop: {
    detailShow: ["app.record.detail.show"],
    listShow: ["app.record.index.show"],
    listEditSuccess: ["app.record.index.edit.submit.success"],
    saveSuccess: ["app.record.create.submit.success", "app.record.edit.submit.success", "app.record.index.edit.submit.success"],
    deleteSubmit: ["app.record.detail.delete.submit", "app.record.index.delete.submit"],
    anyShow: ["app.record.index.show", "app.record.detail.show", "app.record.create.show", "app.record.edit.show"],
  },
  mobile: {
    detailShow: ["mobile.app.record.detail.show"],
    listShow: ["mobile.app.record.index.show"],
    listEditSuccess: [] as string[],
    saveSuccess: ["mobile.app.record.create.submit.success", "mobile.app.record.edit.submit.success"],
    deleteSubmit: ["mobile.app.record.detail.delete.submit"],
    anyShow: [
      "mobile.app.record.index.show",
      "mobile.app.record.detail.show",
      "mobile.app.record.create.show",
      "mobile.app.record.edit.show",
    ],
  },
} as const;

export type Platform = keyof typeof EVENTS;

/**
 * kintone waits for a returned Promise; handlers here always resolve to the event, so a failure in a
 * feature never cancels the agent's save or delete.
 */
export function onRecordEvent<E extends RecordEvent | ListEvent>(
  names: readonly string[],
  handler: (event: E) => void | Promise<void>,
): void {
  if (!names.length) return;
  kintone.events.on([...names], (event: E) => {
    let done: void | Promise<void>;
    try {
      done = handler(event);
    } catch (err) {
      console.error("[callconnect]", err);
      return event;
    }
    return done instanceof Promise
      ? done.then(
          () => event,
          (err: unknown) => {
            console.error("[callconnect]", err);
            return event;
          },
        )
      : event;
  });
}
