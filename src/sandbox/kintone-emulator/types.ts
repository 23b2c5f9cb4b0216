// The kintone emulator's contract with the rest of the sandbox (pages, seed, connector tests).
// REST behaviour is kintone's; these are the admin-side hooks a real tenant gives through its own UI.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KintoneFormFieldProperty, KintoneFormLayout, KintoneRecordField } from "@kintone/rest-api-client";

export interface SandboxUser {
  id: string; // numeric string, as kintone's user id
  code: string; // login name
  name: string;
  email: string;
  language: "ja" | "en";
  timezone: string; // IANA, e.g. Asia/Tokyo
  isAdmin: boolean; // kintone administrator: may open plugin config screens
}

export interface NewUser extends Omit<SandboxUser, "id"> {
  password: string;
}

export interface TokenPermissions {
  view: boolean;
  add: boolean;
  edit: boolean;
  delete: boolean;
}

export type WebhookEvent = "ADD_RECORD" | "UPDATE_RECORD" | "DELETE_RECORD";

export interface AppDefinition {
  id?: number; // fixed id for seeds; otherwise next free
  name: string;
  /** Non-system fields; the emulator adds the system fields (レコード番号, 作成者, 作成日時, 更新者, 更新日時). */
  properties: Record<string, KintoneFormFieldProperty.OneOf>;
  layout?: KintoneFormLayout.OneOf[];
  /** Which users may manage the app (app administrators). Default: kintone administrators only. */
  managers?: string[];
  /** Language the app was created in, which names its system fields (ja: レコード番号…, en: Record_number…). Default ja. */
  systemFieldLanguage?: "ja" | "en";
}

export type RecordInput = Record<string, { value: unknown }>;

/** One rule of kintone's record access settings: records matching `condition` may be viewed by `viewers` only. */
export interface RecordAccessRule {
  /** A kintone query condition (no order by / limit / offset). */
  condition: string;
  /** Login codes; API tokens (a request with several tokens is let in by any listed one). */
  viewers: { users?: string[]; tokens?: string[] };
}

export interface InjectedFault {
  /** e.g. "GET": the effective method, after X-HTTP-Method-Override. Any method when left out. */
  method?: string;
  /** e.g. "/k/v1/records.json": the path without query string and without the /k/guest/N prefix. */
  path: string;
  /** 5xx: an HTML error page; 429: GAIA_TO04; reset: socket destroyed unanswered and unprocessed; hang: never answered,
   * never processed; drop-after-commit: processed and committed, then the socket is destroyed unanswered. */
  kind: "5xx" | "429" | "reset" | "hang" | "drop-after-commit";
  /** For 5xx; default 503. */
  status?: number;
  /** Matching requests let through before the first fault; default 0. */
  skip?: number;
  /** Matching requests to fault; default 1, Infinity allowed. */
  count?: number;
}
export type StoredRecord = Record<string, KintoneRecordField.OneOf>;

export interface KintoneEmulator {
  /** Serves `/k/v1/…` and `/k/guest/{space}/v1/…`; false when the path is not the emulator's. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  users: {
    add(user: NewUser): SandboxUser;
    byCode(code: string): SandboxUser | null;
    list(): SandboxUser[];
    verifyPassword(code: string, password: string): SandboxUser | null;
  };
  sessions: {
    /** Cookie name the pages use. */
    readonly cookieName: string;
    create(userCode: string): string;
    destroy(sessionId: string): void;
    /** The user a request acts as: session cookie, or X-Cybozu-Authorization (base64 login:password). */
    userOf(req: IncomingMessage): SandboxUser | null;
  };
  apps: {
    create(def: AppDefinition): number;
    exists(appId: number): boolean;
    name(appId: number): string | null;
    /** Full form properties including system fields, as GET app/form/fields.json returns them. */
    properties(appId: number): Record<string, KintoneFormFieldProperty.OneOf>;
    layout(appId: number): KintoneFormLayout.OneOf[];
    isManager(appId: number, userCode: string): boolean;
  };
  records: {
    /** Inserts as the given user, with kintone's validation; throws KintoneEmulatorError on invalid input. */
    add(appId: number, record: RecordInput, userCode: string): { id: string; revision: string };
    get(appId: number, id: string): StoredRecord | null;
    count(appId: number): number;
  };
  tokens: {
    create(appId: number, permissions: TokenPermissions): string;
  };
  webhooks: {
    add(appId: number, hook: { url: string; events: WebhookEvent[] }): void;
    list(appId: number): { url: string; events: WebhookEvent[] }[];
    /** Removes every webhook of the app with this URL (kintone's settings page deletes them one by one). */
    remove(appId: number, url: string): void;
  };
  /** Imported plugins (kintone system administration > plug-ins); REST: plugins.json, plugin.json, file.json. */
  plugins: {
    /** Imports or updates a plugin zip as an administrator would (the sandbox's own build: its signature is not checked). */
    put(zip: Buffer): Promise<{ id: string; version: string }>;
    list(): ImportedPluginInfo[];
    /** The zip last imported for this ID. */
    zip(id: string): Buffer | null;
    /** Apps the plugin is added to (live, after a deploy), in id order. */
    appsUsing(id: string): number[];
  };
  /** An IP-restricted tenant: every request must also carry `Authorization: Basic`. null turns it off. */
  setBasicAuth(credentials: { user: string; password: string } | null): void;
  /** Waits for in-flight webhook deliveries (tests, shutdown). */
  drainWebhooks(): Promise<void>;
  /** Record-level permissions: rules in order, the first whose condition matches a record decides who may view it;
   * records matching no rule are visible to all. A record one may not view is left out of reads; its GET and writes
   * answer 403 CB_NO02. In memory only. */
  recordAccess: {
    set(appId: number, rules: RecordAccessRule[]): void;
    clear(appId: number): void;
  };
  /** The test suite's fault hooks (not reachable over HTTP). clear() also resets hits() and ends hung requests. */
  faults: {
    inject(fault: InjectedFault): void;
    clear(): void;
    /** Requests faulted since the last clear(). */
    hits(): number;
  };
}

export interface ImportedPluginInfo {
  id: string;
  name: Record<string, string>;
  description: Record<string, string>;
  version: string;
  /** Moves on every import or update. */
  stamp: number;
}

export interface KintoneEmulatorOptions {
  db: import("better-sqlite3").Database;
  /** e.g. http://localhost:8080 — used in webhook payload URLs. */
  publicUrl: string;
  /** Concurrent API requests before kintone's 429 GAIA_TO04 (kintone: 100 per domain). */
  concurrencyLimit?: number;
  /** How 作成日時/更新日時 are stored and compared (always shown to the minute); kintone's is not known.
   * Default: env KINTONE_EMULATOR_TIME_PRECISION, else "minute". */
  timePrecision?: "second" | "minute";
  /** Every created/updated time and every date function reads this clock. Default `() => new Date()`. */
  clock?: () => Date;
  /** How long a deploy (preview/app/deploy.json) stays PROCESSING when nobody polls; the second poll sees it done. Default 1500. */
  deployMs?: number;
}
