// Rows of the simulator's own tables (prefix cc_) and the DDL that creates them.
export interface CustomerRow {
  id: number;
  external_key: string;
  name: string;
  company: string;
  email: string;
  address: string;
  memo: string;
  external_id: string;
  external_info: string;
  updated_at: string | null;
  created_at: string;
}
export interface Customer extends CustomerRow {
  numbers: string[];
}

export type CallDirection = "outgoing" | "incoming";
export type CallResult = "answered" | "no_answer" | "busy";

export interface CallRow {
  id: number;
  idempotency_key: string | null;
  direction: CallDirection;
  number_e164: string | null;
  display: string;
  state: "dialing" | "ended";
  result: CallResult | null;
  status_code: number | null;
  customer_id: number | null;
  started_at: string;
  ended_at: string | null;
  duration: number;
  user_name: string;
  user_email: string;
  memo: string;
  recordings: number;
  transcription: string;
  /** 1 once the web phone shows the call: from then on it is that agent's call in progress until it ends. */
  on_phone: number;
  /** E-mails of the agents the call rang for (call_ringing), one a line; "" when it rang for nobody in particular. */
  ring_to: string;
  /** When call_answered was sent (the agent answered, or the callee of an outgoing call); null = not answered. */
  answered_at: string | null;
}

export type DeliveryStatus = "pending" | "sent" | "failed";
export interface DeliveryRow {
  id: number;
  call_id: number;
  event: string;
  target: string; // redacted: never holds the URL's key
  status: DeliveryStatus;
  http_status: number | null;
  attempts: number;
  error: string;
  created_at: string;
  updated_at: string;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS cc_customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT, external_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, company TEXT NOT NULL, email TEXT NOT NULL, address TEXT NOT NULL, memo TEXT NOT NULL,
  external_id TEXT NOT NULL, external_info TEXT NOT NULL, updated_at TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cc_customer_numbers (
  customer_id INTEGER NOT NULL, e164 TEXT NOT NULL, position INTEGER NOT NULL,
  PRIMARY KEY (customer_id, e164));
CREATE INDEX IF NOT EXISTS cc_customer_numbers_e164 ON cc_customer_numbers(e164);
CREATE TABLE IF NOT EXISTS cc_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT UNIQUE, direction TEXT NOT NULL,
  number_e164 TEXT, display TEXT NOT NULL, state TEXT NOT NULL, result TEXT, status_code INTEGER,
  customer_id INTEGER, started_at TEXT NOT NULL, ended_at TEXT, duration INTEGER NOT NULL DEFAULT 0,
  user_name TEXT NOT NULL DEFAULT '', user_email TEXT NOT NULL DEFAULT '', memo TEXT NOT NULL DEFAULT '',
  recordings INTEGER NOT NULL DEFAULT 0, transcription TEXT NOT NULL DEFAULT '', on_phone INTEGER NOT NULL DEFAULT 0,
  ring_to TEXT NOT NULL DEFAULT '', answered_at TEXT);
CREATE INDEX IF NOT EXISTS cc_calls_number ON cc_calls(number_e164, id);
CREATE TABLE IF NOT EXISTS cc_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, call_id INTEGER NOT NULL, event TEXT NOT NULL, target TEXT NOT NULL,
  status TEXT NOT NULL, http_status INTEGER, attempts INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cc_deliveries_call ON cc_deliveries(call_id);
`;

/** Columns added after the first release, for sandboxes whose tables already exist. */
export const ADDED_COLUMNS: { table: string; column: string; ddl: string }[] = [
  { table: "cc_calls", column: "on_phone", ddl: "ALTER TABLE cc_calls ADD COLUMN on_phone INTEGER NOT NULL DEFAULT 0" },
  { table: "cc_calls", column: "ring_to", ddl: "ALTER TABLE cc_calls ADD COLUMN ring_to TEXT NOT NULL DEFAULT ''" },
  { table: "cc_calls", column: "answered_at", ddl: "ALTER TABLE cc_calls ADD COLUMN answered_at TEXT" },
];
