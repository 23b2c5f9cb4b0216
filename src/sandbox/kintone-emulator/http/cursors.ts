// records/cursor.json: a snapshot of a query's records read 500 at most at a time; ≤10 live, 10 minutes each.
import { randomUUID } from "node:crypto";
import { KintoneEmulatorError, paramError } from "../errors.js";
import type { StoredRecord } from "../types.js";
import { listParam, pick, type Route } from "./call.js";
import { runQuery } from "./records-routes.js";

const MAX_LIVE = 10;
const LIFETIME_MS = 10 * 60_000;
const MAX_SIZE = 500;

interface Cursor {
  app: number;
  records: StoredRecord[];
  size: number;
  expires: number;
}

export function createCursors(now: () => number = () => Date.now()) {
  const live = new Map<string, Cursor>();
  const sweep = () => {
    for (const [id, c] of live) if (c.expires <= now()) live.delete(id);
  };
  return {
    open(app: number, records: StoredRecord[], size: number): string {
      sweep();
      if (live.size >= MAX_LIVE) throw new KintoneEmulatorError("GAIA_CU01");
      const id = randomUUID();
      live.set(id, { app, records, size, expires: now() + LIFETIME_MS });
      return id;
    },
    get(id: string): Cursor {
      sweep();
      const c = live.get(id);
      if (!c) throw new KintoneEmulatorError("GAIA_RE18");
      return c;
    },
    close(id: string): void {
      live.delete(id);
    },
  };
}
export type Cursors = ReturnType<typeof createCursors>;

const openCursor: Route = (call) => {
  const query = String(call.params.query ?? "");
  const size = call.params.size === undefined ? 100 : Number(call.params.size);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) throw paramError("size", "param.max500");
  const { app, matched, limit, offset } = runQuery(call, query);
  if (limit !== null || offset !== null) throw paramError("query", "query.cursorLimit");
  const fields = listParam(call.params.fields);
  const id = call.deps.cursors.open(
    app.id,
    matched.map((r) => call.deps.time.shown(pick(r, fields))),
    size,
  );
  return { id, totalCount: String(matched.length) };
};

const readCursor: Route = (call) => {
  const id = String(call.params.id ?? "");
  const cursor = call.deps.cursors.get(id);
  // The token or user must still be allowed to view the cursor's app.
  if (call.principal.kind === "token" && !call.principal.grants.get(cursor.app)?.view) throw new KintoneEmulatorError("CB_NO02");
  const records = cursor.records.splice(0, cursor.size);
  const next = cursor.records.length > 0;
  if (!next) call.deps.cursors.close(id);
  return { records, next };
};

const closeCursor: Route = (call) => {
  const id = String(call.params.id ?? "");
  call.deps.cursors.get(id);
  call.deps.cursors.close(id);
  return {};
};

export const cursorRoutes: Record<string, Route> = {
  "POST records/cursor": openCursor,
  "GET records/cursor": readCursor,
  "DELETE records/cursor": closeCursor,
};
