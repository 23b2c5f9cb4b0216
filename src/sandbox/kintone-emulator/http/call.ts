// What every route gets: the principal, the parameters, the emulator's parts, and a queue for webhooks.
import type { AppAdmin } from "../app-admin.js";
import type { Apps, AppRow } from "../apps.js";
import { KintoneEmulatorError, paramError } from "../errors.js";
import type { RecordAccess } from "../record-access.js";
import type { Plugins } from "../plugins.js";
import type { Records } from "../records.js";
import type { Timekeeper } from "../time.js";
import type { StoredRecord } from "../types.js";
import type { Users } from "../users.js";
import type { WebhookPayload, Webhooks } from "../webhooks.js";
import type { Cursors } from "./cursors.js";
import { requirePermission, type Permission, type Principal } from "./auth.js";
import type { Params } from "./request.js";

export interface Deps {
  users: Users;
  apps: Apps;
  records: Records;
  webhooks: Webhooks;
  cursors: Cursors;
  time: Timekeeper;
  access: RecordAccess;
  admin: AppAdmin;
  plugins: Plugins;
}

export interface Call {
  principal: Principal;
  params: Params;
  deps: Deps;
  /** Webhooks to send once the whole request has committed. */
  pending: { app: AppRow; payload: WebhookPayload }[];
  /** The body as sent (file.json reads multipart from it). */
  raw?: { body: Buffer; contentType: string };
}

export type Route = (call: Call) => unknown;

// Request parameters (not record fields) say "Required field." in English.
const required = (key: string) => paramError(key, "param.required");

export function idParam(params: Params, key: string): number {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === "") throw required(key);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw paramError(key, "param.min1");
  return n;
}

/** The app named by `params.app`, after checking the principal may do `permission` on it. */
export function appFor(call: Call, permission: Permission, key = "app"): AppRow {
  const id = idParam(call.params, key);
  const app = call.deps.apps.get(id);
  if (!app) throw new KintoneEmulatorError("GAIA_AP01", String(id));
  requirePermission(call.principal, id, permission);
  return app;
}

export function pick(rec: StoredRecord, fields: unknown): StoredRecord {
  if (!Array.isArray(fields) || fields.length === 0) return rec;
  const out: StoredRecord = {};
  for (const f of fields) {
    const v = rec[String(f)];
    if (v) out[String(f)] = v;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A JSON object parameter (record, updateKey…); anything else is kintone's CB_VA01 under its key. */
export function objectParam<T>(value: unknown, key: string): T {
  if (value === undefined) return {} as T;
  if (!isObject(value)) throw paramError(key, "param.invalid");
  return value as T;
}

/** A list of objects (records, requests): each item checked as objectParam. */
export function objectListParam<T>(value: unknown, key: string): T[] {
  return listParam(value).map((item, i) => objectParam<T>(item ?? {}, `${key}[${i}]`));
}

export function listParam(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") return Object.values(value);
  return value === undefined || value === null ? [] : [value];
}
