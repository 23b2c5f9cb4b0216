// Record-level permissions (kintone's レコードのアクセス権), set by tests: per app, rules in order, the first match decides.
import type { RecordAccessRule } from "./types.js";

export function createRecordAccess() {
  const rules = new Map<number, RecordAccessRule[]>();
  return {
    set(appId: number, list: RecordAccessRule[]): void {
      rules.set(appId, structuredClone(list));
    },
    clear(appId: number): void {
      rules.delete(appId);
    },
    rulesOf(appId: number): RecordAccessRule[] {
      return rules.get(appId) ?? [];
    },
  };
}
export type RecordAccess = ReturnType<typeof createRecordAccess>;
