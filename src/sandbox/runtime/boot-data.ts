// What the server puts in each page for the runtime (types only: shared by server and browser).
import type { SavedProxyConfig } from "../../kintone-js/plugin-config";

export type PageKind = "portal" | "index" | "show" | "create" | "config" | "m-index" | "m-show" | "m-create";

export interface LoginUser {
  id: string;
  code: string;
  name: string;
  email: string;
  url: string;
  employeeNumber: string;
  phone: string;
  mobilePhone: string;
  extensionNumber: string;
  timezone: string;
  isGuest: boolean;
  language: string;
}

export type BootProxyConfig = SavedProxyConfig;

export interface BootData {
  page: PageKind;
  appId: number | null;
  appName: string;
  user: LoginUser;
  /** getConfig of every plugin enabled on this app. */
  pluginConfigs: Record<string, Record<string, string>>;
  /** Config screen only: whose config it is. */
  configPluginId?: string;
  /** Mobile pages carry the record in the query string. */
  recordId?: string;
}

export const BOOT_ELEMENT_ID = "k-boot";
