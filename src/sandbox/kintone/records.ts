// Placeholder (being filled in): the record store.
import type { Database } from "better-sqlite3";
import type { AppRow, Apps } from "./apps.js";
import type { Users } from "./users.js";
import type { RecordInput, SandboxUser, StoredRecord } from "./types.js";

export function createRecords(_db: Database, _apps: Apps, _users: Users) {
  return {
    add(_app: AppRow, _inputs: RecordInput[], _user: SandboxUser): { id: string; revision: string; record: StoredRecord; title: string }[] {
      throw new Error("not implemented yet");
    },
    get(_appId: number, _id: number): StoredRecord | null {
      return null;
    },
    count(_appId: number): number {
      return 0;
    },
  };
}
export type Records = ReturnType<typeof createRecords>;
