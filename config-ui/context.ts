// What every section of the screen shares: the draft being edited, the translator and the error placement.
import type { AppForm } from "./fields";
import type { Lang } from "../src/shared/i18n";
import type { ConfigDraft, ConfigIssue, SecretInputs } from "./validation";
import type { ConfigMessageKey } from "./messages";
import type { KintoneApi } from "../src/kintone-js/api";
import type { ProxyCall } from "../src/kintone-js/proxy";
import type { ProxyConfig } from "../src/kintone-js/plugin-config";

export type Translate = (key: ConfigMessageKey, params?: Record<string, string | number>) => string;

/** Puts each validation message beside the control it is about. */
export class ErrorBoard {
  private readonly setters = new Map<string, ((message: string) => void)[]>();

  register(target: string, setter: (message: string) => void): void {
    this.setters.set(target, [...(this.setters.get(target) ?? []), setter]);
  }

  show(issues: ConfigIssue[], t: Translate): void {
    const byTarget = new Map<string, string[]>();
    for (const i of issues) byTarget.set(i.target, [...(byTarget.get(i.target) ?? []), t(i.key, i.params)]);
    for (const [target, setters] of this.setters) for (const set of setters) set((byTarget.get(target) ?? []).join(" "));
  }
}

export interface ScreenContext {
  draft: ConfigDraft;
  t: Translate;
  lang: Lang;
  /** The user's kintone time zone (getLoginUser().timezone); the browser's when absent. */
  timeZone?: string;
  errors: ErrorBoard;
  appId: string;
  customerForm: AppForm;
  spaceIds: string[];
  /** Space fields without an element ID, which cannot be chosen. */
  unnamedSpaces: number;
  /** Set by the history section once the chosen app's fields are read. */
  historyForm: AppForm | null;
  savedSecrets: SecretInputs;
  api: KintoneApi;
  proxy: ProxyCall;
  getProxyConfig(url: string, method: string): ProxyConfig | null;
  /** Recomputes warnings that depend on several sections. */
  changed(): void;
}

/** kintone.api rejects with kintone's error object ({code, message}), not an Error. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return code ? `${String(message)} (${String(code)})` : String(message);
  }
  return String(err);
}
