// Which store the options ask for: PostgreSQL when a database URL is given, else the embedded SQLite file.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { SecretBox } from "../crypto";
import type { ConnectorOptions } from "../types";
import { createPostgresStore } from "./postgres";
import { createSqliteStore } from "./sqlite";
import type { ConnectorStore } from "./types";

export const DEFAULT_LEASE_MS = 30_000;

export function openStore(
  options: Pick<ConnectorOptions, "db" | "databaseUrl" | "instanceId" | "leaseMs">,
  box: SecretBox,
): ConnectorStore {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(options.databaseUrl)) throw new Error("the database URL must start with postgres://");
    return createPostgresStore({
      url: options.databaseUrl,
      box,
      holder: options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    });
  }
  if (!options.db) throw new Error("the connector needs a SQLite database (db) or a PostgreSQL URL (databaseUrl)");
  return createSqliteStore(options.db, box);
}
