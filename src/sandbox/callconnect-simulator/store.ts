// The simulator's own tables (prefix cc_) in the sandbox's shared SQLite file, and the typed queries over them.
import type { Database } from "better-sqlite3";
import {
  ADDED_COLUMNS,
  SCHEMA,
  type CallDirection,
  type CallRow,
  type Customer,
  type CustomerRow,
  type DeliveryRow,
  type DeliveryStatus,
} from "./tables.js";

export type { CallDirection, CallResult, CallRow, Customer, CustomerRow, DeliveryRow, DeliveryStatus } from "./tables.js";

export interface CustomerInput {
  name: string;
  company: string;
  email: string;
  address: string;
  memo: string;
  numbers: string[]; // E.164
  external_id: string;
  external_info: string;
  updated_at: string | null;
}

export type UpsertOutcome = "created" | "updated" | "stale";

export function createStore(db: Database) {
  db.exec(SCHEMA);
  for (const { table, column, ddl } of ADDED_COLUMNS) {
    const has = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
    if (!has) db.exec(ddl);
  }
  const now = () => new Date().toISOString();

  const numbersOf = db.prepare<[number], { e164: string }>("SELECT e164 FROM cc_customer_numbers WHERE customer_id = ? ORDER BY position");
  const byKey = db.prepare<[string], CustomerRow>("SELECT * FROM cc_customers WHERE external_key = ?");
  const byId = db.prepare<[number], CustomerRow>("SELECT * FROM cc_customers WHERE id = ?");
  const withNumbers = (row: CustomerRow | undefined): Customer | null =>
    row ? { ...row, numbers: numbersOf.all(row.id).map((n) => n.e164) } : null;

  const insertNumber = db.prepare("INSERT OR IGNORE INTO cc_customer_numbers (customer_id, e164, position) VALUES (?, ?, ?)");
  const upsertTx = db.transaction((key: string, input: CustomerInput): UpsertOutcome => {
    const existing = byKey.get(key);
    if (existing?.updated_at && input.updated_at && Date.parse(input.updated_at) < Date.parse(existing.updated_at)) return "stale";
    let id: number;
    if (existing) {
      id = existing.id;
      db.prepare(
        `UPDATE cc_customers SET name=@name, company=@company, email=@email, address=@address, memo=@memo,
         external_id=@external_id, external_info=@external_info, updated_at=@updated_at WHERE id=@id`,
      ).run({ ...input, id });
      db.prepare("DELETE FROM cc_customer_numbers WHERE customer_id = ?").run(id);
    } else {
      const info = db
        .prepare(
          `INSERT INTO cc_customers (external_key, name, company, email, address, memo, external_id, external_info, updated_at, created_at)
           VALUES (@key, @name, @company, @email, @address, @memo, @external_id, @external_info, @updated_at, @created_at)`,
        )
        .run({ ...input, key, created_at: now() });
      id = Number(info.lastInsertRowid);
    }
    input.numbers.forEach((n, i) => insertNumber.run(id, n, i));
    return existing ? "updated" : "created";
  });

  // Numbers go explicitly: the connection is shared, so the simulator does not switch on foreign keys for everyone.
  const deleteTx = db.transaction((key: string): boolean => {
    const row = byKey.get(key);
    if (!row) return false;
    db.prepare("DELETE FROM cc_customer_numbers WHERE customer_id = ?").run(row.id);
    db.prepare("DELETE FROM cc_customers WHERE id = ?").run(row.id);
    return true;
  });

  const callById = db.prepare<[number], CallRow>("SELECT * FROM cc_calls WHERE id = ?");

  return {
    customers: {
      upsert(key: string, input: CustomerInput): { outcome: UpsertOutcome; customer: Customer } {
        const outcome = upsertTx(key, input);
        return { outcome, customer: withNumbers(byKey.get(key))! };
      },
      byKey: (key: string) => withNumbers(byKey.get(key)),
      byId: (id: number) => withNumbers(byId.get(id)),
      deleteByKey: (key: string): boolean => deleteTx(key),
      /** Most recently updated first, so the web phone shows the freshest match. */
      byNumber(e164: string): Customer[] {
        const rows = db
          .prepare<[string], CustomerRow>(
            `SELECT c.* FROM cc_customers c JOIN cc_customer_numbers n ON n.customer_id = c.id
             WHERE n.e164 = ? ORDER BY c.updated_at DESC, c.id DESC`,
          )
          .all(e164);
        return rows.map((r) => withNumbers(r)!);
      },
      all(): Customer[] {
        return db
          .prepare<[], CustomerRow>("SELECT * FROM cc_customers ORDER BY id")
          .all()
          .map((r) => withNumbers(r)!);
      },
    },
    calls: {
      byId: (id: number) => callById.get(id) ?? null,
      byIdempotencyKey: (key: string) => db.prepare<[string], CallRow>("SELECT * FROM cc_calls WHERE idempotency_key = ?").get(key) ?? null,
      create(call: {
        idempotencyKey: string | null;
        direction: CallDirection;
        e164: string | null;
        display: string;
        customerId: number | null;
        agent?: { name: string; email: string } | null;
        onPhone?: boolean;
        /** E-mails of the agents an incoming call rings for. */
        ringTo?: string[];
      }): CallRow {
        const info = db
          .prepare(
            `INSERT INTO cc_calls (idempotency_key, direction, number_e164, display, state, customer_id, started_at, user_name, user_email, on_phone, ring_to)
             VALUES (?, ?, ?, ?, 'dialing', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            call.idempotencyKey,
            call.direction,
            call.e164,
            call.display,
            call.customerId,
            now(),
            call.agent?.name ?? "",
            call.agent?.email ?? "",
            call.onPhone ? 1 : 0,
            (call.ringTo ?? []).join("\n"),
          );
        return callById.get(Number(info.lastInsertRowid))!;
      },
      /** The web phone shows this dialing call: it becomes the agent's call in progress (an API call keeps its agent). */
      openOnPhone(id: number, agent: { name: string; email: string } | null): CallRow {
        db.prepare(
          `UPDATE cc_calls SET on_phone = 1,
           user_name = CASE WHEN user_email = '' THEN ? ELSE user_name END,
           user_email = CASE WHEN user_email = '' THEN ? ELSE user_email END WHERE id = ?`,
        ).run(agent?.name ?? "", agent?.email ?? "", id);
        return callById.get(id)!;
      },
      /** call_answered: from now the call is talking; an agent given takes the call (who answered it). */
      answer(id: number, agent: { name: string; email: string } | null): CallRow {
        db.prepare(
          `UPDATE cc_calls SET answered_at = ?, user_name = CASE WHEN ? = '' THEN user_name ELSE ? END,
           user_email = CASE WHEN ? = '' THEN user_email ELSE ? END WHERE id = ? AND answered_at IS NULL`,
        ).run(now(), agent?.email ?? "", agent?.name ?? "", agent?.email ?? "", agent?.email ?? "", id);
        return callById.get(id)!;
      },
      /** The call the agent's phone is in (e-mail "" = a phone opened without a known agent). */
      inProgress: (agentEmail: string) =>
        db
          .prepare<[string], CallRow>(
            "SELECT * FROM cc_calls WHERE state = 'dialing' AND on_phone = 1 AND user_email = ? ORDER BY id DESC LIMIT 1",
          )
          .get(agentEmail) ?? null,
      end(
        id: number,
        ended: Pick<
          CallRow,
          | "result"
          | "status_code"
          | "customer_id"
          | "started_at"
          | "duration"
          | "user_name"
          | "user_email"
          | "memo"
          | "recordings"
          | "transcription"
        >,
      ): CallRow {
        db.prepare(
          `UPDATE cc_calls SET state='ended', result=@result, status_code=@status_code, customer_id=@customer_id, started_at=@started_at,
           ended_at=@ended_at, duration=@duration, user_name=@user_name, user_email=@user_email, memo=@memo,
           recordings=@recordings, transcription=@transcription WHERE id=@id`,
        ).run({ ...ended, id, ended_at: now() });
        return callById.get(id)!;
      },
      byNumber: (e164: string, limit: number) =>
        db.prepare<[string, number], CallRow>("SELECT * FROM cc_calls WHERE number_e164 = ? ORDER BY id DESC LIMIT ?").all(e164, limit),
      latest: (limit: number) => db.prepare<[number], CallRow>("SELECT * FROM cc_calls ORDER BY id DESC LIMIT ?").all(limit),
      /** The API-started call the web phone picks up when opened without a number: the agent's own, or nobody's. */
      latestDialing: (agentEmail: string) =>
        db
          .prepare<[string], CallRow>("SELECT * FROM cc_calls WHERE state = 'dialing' AND user_email IN (?, '') ORDER BY id DESC LIMIT 1")
          .get(agentEmail) ?? null,
      /** A call started through the API for this number a moment ago and not yet on a phone, so click-to-call + API do not make two. */
      recentDialing: (e164: string, sinceIso: string, agentEmail: string) =>
        db
          .prepare<[string, string, string], CallRow>(
            `SELECT * FROM cc_calls WHERE state = 'dialing' AND on_phone = 0 AND number_e164 = ? AND started_at >= ?
             AND user_email IN (?, '') ORDER BY id DESC LIMIT 1`,
          )
          .get(e164, sinceIso, agentEmail) ?? null,
    },
    deliveries: {
      add(callId: number, event: string, target: string): number {
        const t = now();
        return Number(
          db
            .prepare("INSERT INTO cc_deliveries (call_id, event, target, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)")
            .run(callId, event, target, t, t).lastInsertRowid,
        );
      },
      update(id: number, change: { status: DeliveryStatus; httpStatus: number | null; attempts: number; error: string }): void {
        db.prepare("UPDATE cc_deliveries SET status=?, http_status=?, attempts=?, error=?, updated_at=? WHERE id=?").run(
          change.status,
          change.httpStatus,
          change.attempts,
          change.error,
          now(),
          id,
        );
      },
      ofCall: (callId: number) =>
        db.prepare<[number], DeliveryRow>("SELECT * FROM cc_deliveries WHERE call_id = ? ORDER BY id").all(callId),
      recent: (limit: number) => db.prepare<[number], DeliveryRow>("SELECT * FROM cc_deliveries ORDER BY id DESC LIMIT ?").all(limit),
    },
  };
}

export type Store = ReturnType<typeof createStore>;
