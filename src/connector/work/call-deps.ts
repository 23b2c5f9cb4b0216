// What call processing needs, shared by its modules.
import type { WorkError } from "../errors";
import type { KintoneAccess } from "../clients/kintone-rest";
import type { AppRegistration, ConnectorStore } from "../store/types";
import type { AppKey } from "../tenants";

export interface CallDeps {
  store: ConnectorStore;
  reg: AppRegistration;
  access: KintoneAccess;
  /** Logins kintone refused as users: written as text from then on. */
  badAgents: Set<string>;
  /** A step that failed without stopping the calls (顧客作成 refused): for the log. */
  onWarning?(failure: WorkError): void;
  /** The customers of a ringing number are known (顧客作成 done): for the screen pop. */
  onLinked?(app: AppKey, e164: string, recordIds: string[]): void;
}

export const chunk = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
