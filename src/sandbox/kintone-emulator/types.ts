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
  /** An IP-restricted tenant: every request must also carry `Authorization: Basic`. null turns it off. */
  setBasicAuth(credentials: { user: string; password: string } | null): void;
  /** Waits for in-flight webhook deliveries (tests, shutdown). */
  drainWebhooks(): Promise<void>;
}

export interface KintoneEmulatorOptions {
  db: import("better-sqlite3").Database;
  /** e.g. http://localhost:8080 — used in webhook payload URLs. */
  publicUrl: string;
  /** Concurrent API requests before kintone's 429 GAIA_TO04 (kintone: 100 per domain). */
  concurrencyLimit?: number;
}
