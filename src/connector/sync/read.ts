// What the three customer syncs (kintone → CallConnect) share: their dependencies, reading one page of customers
// and queueing one record's revision durably. The worker sends what they queue.
import type { Logger } from "pino";
import type { SyncProgress, SyncSummary, SyncTrigger } from "../../shared/contract/connector";
import { customerUpsertWork } from "../work/keys";
import { kintoneFailure } from "../errors";
import type { KintoneAccess } from "../clients/kintone-rest";
import type { AppRegistration, ConnectorStore } from "../store/types";

export interface SyncDeps {
  store: ConnectorStore;
  log: Logger;
  access: KintoneAccess;
  reg: AppRegistration;
  now?: () => Date;
  initialCap?: number;
  /** Carried into the summaries, so status can say a manual sync from a scheduled one. */
  trigger?: SyncTrigger;
  /** Called after every page, for `status` while a long sync runs. */
  onProgress?(p: SyncProgress): void;
}

export type { SyncProgress, SyncSummary };

export const PAGE = 500;

export type Row = Record<string, { type?: string; value?: unknown } | undefined>;

/** Queues one revision in `store` (the sync's transaction); false when it was queued before. */
export async function queue(deps: SyncDeps, store: ConnectorStore, r: Row, tag: string): Promise<boolean> {
  const id = String(r.$id?.value ?? "");
  const rev = String(r.$revision?.value ?? "");
  const out = await store.enqueue(customerUpsertWork(deps.reg.key, id, rev, r, tag));
  return !out.duplicate;
}

export async function page(deps: SyncDeps, query: string): Promise<Row[]> {
  const { access, reg } = deps;
  const { records } = await access.customers.record.getRecords({ app: reg.appId, query }).catch((err: unknown) => {
    throw kintoneFailure(err, { app: reg.appId, step: "read customers", permission: "view" });
  });
  return records as Row[];
}
