// Typed wrappers over kintone.api for building apps from the config screen (it runs as the administrator):
// preview/app.json, preview form fields and layout, deploy and its status.
import type { LayoutRow, RawFieldProperties } from "../shared/kintone/form";

export type DeployStatus = "PROCESSING" | "SUCCESS" | "FAIL" | "CANCEL";

export interface AppInfo {
  appId: string;
  name: string;
  spaceId: string | null;
  threadId: string | null;
}

export interface AppAdminApi {
  app(appId: string): Promise<AppInfo>;
  /** Apps whose name contains `name`, in the given space when one is named. */
  appsNamed(name: string, spaceId: string | null): Promise<AppInfo[]>;
  createApp(name: string, spaceId: string | null, threadId: string | null): Promise<string>;
  previewFields(appId: string): Promise<RawFieldProperties>;
  addFields(appId: string, properties: Record<string, unknown>): Promise<void>;
  previewLayout(appId: string): Promise<LayoutRow[]>;
  updateLayout(appId: string, layout: unknown[]): Promise<void>;
  deploy(appId: string): Promise<void>;
  deployStatus(appId: string): Promise<DeployStatus>;
  liveFields(appId: string): Promise<RawFieldProperties>;
}

const url = (path: string) => kintone.api.url(path, true);
const info = (a: { appId: unknown; name: unknown; spaceId?: unknown; threadId?: unknown }): AppInfo => ({
  appId: String(a.appId),
  name: String(a.name),
  spaceId: a.spaceId === null || a.spaceId === undefined ? null : String(a.spaceId),
  threadId: a.threadId === null || a.threadId === undefined ? null : String(a.threadId),
});

export const kintoneAppAdmin: AppAdminApi = {
  async app(appId) {
    return info((await kintone.api(url("/k/v1/app.json"), "GET", { id: appId })) as AppInfo);
  },
  async appsNamed(name, spaceId) {
    const params: Record<string, unknown> = { name, limit: 100 };
    if (spaceId) params.spaceIds = [spaceId];
    const resp = (await kintone.api(url("/k/v1/apps.json"), "GET", params)) as { apps: AppInfo[] };
    return resp.apps.map(info);
  },
  async createApp(name, spaceId, threadId) {
    const body: Record<string, unknown> = { name };
    if (spaceId) Object.assign(body, { space: spaceId, thread: threadId ?? spaceId });
    const resp = (await kintone.api(url("/k/v1/preview/app.json"), "POST", body)) as { app: string };
    return String(resp.app);
  },
  async previewFields(appId) {
    const resp = (await kintone.api(url("/k/v1/preview/app/form/fields.json"), "GET", { app: appId })) as {
      properties: RawFieldProperties;
    };
    return resp.properties;
  },
  async addFields(appId, properties) {
    await kintone.api(url("/k/v1/preview/app/form/fields.json"), "POST", { app: appId, properties });
  },
  async previewLayout(appId) {
    return ((await kintone.api(url("/k/v1/preview/app/form/layout.json"), "GET", { app: appId })) as { layout: LayoutRow[] }).layout;
  },
  async updateLayout(appId, layout) {
    await kintone.api(url("/k/v1/preview/app/form/layout.json"), "PUT", { app: appId, layout });
  },
  async deploy(appId) {
    await kintone.api(url("/k/v1/preview/app/deploy.json"), "POST", { apps: [{ app: appId }] });
  },
  async deployStatus(appId) {
    const resp = (await kintone.api(url("/k/v1/preview/app/deploy.json"), "GET", { apps: [appId] })) as {
      apps: { app: string; status: DeployStatus }[];
    };
    return resp.apps[0]?.status ?? "FAIL";
  },
  async liveFields(appId) {
    return ((await kintone.api(url("/k/v1/app/form/fields.json"), "GET", { app: appId })) as { properties: RawFieldProperties }).properties;
  },
};
