// Typed wrappers over kintone.api for the app-settings reads the config screen needs.
import type { RawFieldProperties, LayoutRow } from "../shared/kintone/form";

export interface AppSummary {
  appId: string;
  name: string;
}

export interface KintoneApi {
  formFields(appId: string): Promise<RawFieldProperties>;
  formLayout(appId: string): Promise<LayoutRow[]>;
  apps(): Promise<AppSummary[]>;
}

/** Uses the logged-in admin's session; `kintone.api.url` keeps guest spaces working. */
export const kintoneRestApi: KintoneApi = {
  async formFields(appId) {
    const resp: unknown = await kintone.api(kintone.api.url("/k/v1/app/form/fields.json", true), "GET", { app: appId });
    return (resp as { properties: RawFieldProperties }).properties;
  },
  async formLayout(appId) {
    const resp: unknown = await kintone.api(kintone.api.url("/k/v1/app/form/layout.json", true), "GET", { app: appId });
    return (resp as { layout: LayoutRow[] }).layout;
  },
  async apps() {
    const all: AppSummary[] = [];
    // apps.json returns at most 100 per call.
    for (let offset = 0; ; offset += 100) {
      const resp = (await kintone.api(kintone.api.url("/k/v1/apps.json", true), "GET", { offset, limit: 100 })) as { apps: AppSummary[] };
      all.push(...resp.apps.map((a) => ({ appId: String(a.appId), name: a.name })));
      if (resp.apps.length < 100) return all;
    }
  },
};
