// App settings as kintone keeps them: a preview (動作テスト環境) that app-admin APIs change, and the live app that only a
// deploy changes. A deploy takes a moment: its status reads PROCESSING first, then SUCCESS, and only then is it live.
import type { Database } from "better-sqlite3";
import type { KintoneFormFieldProperty, KintoneFormLayout } from "@kintone/rest-api-client";
import { systemFields, type Apps } from "./apps.js";
import type { Plugins } from "./plugins.js";

type Properties = Record<string, KintoneFormFieldProperty.OneOf>;

export interface PreviewApp {
  id: number;
  name: string;
  properties: Properties;
  layout: KintoneFormLayout.OneOf[];
  plugins: string[];
  revision: number;
  /** Never deployed: live APIs answer GAIA_AP01 for it. */
  live: boolean;
}

export type DeployStatus = "PROCESSING" | "SUCCESS" | "FAIL" | "CANCEL";

interface Pending {
  apps: number[];
  revert: boolean;
  readyAt: number;
  polled: boolean;
}

export interface AppAdminOptions {
  /** How long a deploy stays PROCESSING when nobody polls (the second status poll always sees it done). Default 1500 ms. */
  deployMs?: number;
}

export function createAppAdmin(db: Database, apps: Apps, plugins: Plugins, options: AppAdminOptions = {}) {
  const deployMs = options.deployMs ?? 1500;
  const pending: Pending[] = [];
  const load = (id: number) => db.prepare<[number], { data: string }>("SELECT data FROM k_app_preview WHERE id = ?").get(id);
  const save = (p: PreviewApp) =>
    db.prepare("INSERT OR REPLACE INTO k_app_preview (id, data) VALUES (?, ?)").run(p.id, JSON.stringify({ ...p, id: undefined }));

  function preview(id: number): PreviewApp | null {
    const row = load(id);
    const live = apps.get(id);
    if (row) return { ...(JSON.parse(row.data) as Omit<PreviewApp, "id">), id, live: live !== null };
    if (!live) return null;
    return {
      id,
      name: live.name,
      properties: structuredClone(live.properties),
      layout: structuredClone(live.layout),
      plugins: plugins.addedTo(id),
      revision: live.revision,
      live: true,
    };
  }

  function finish(p: Pending): void {
    db.transaction(() => {
      for (const id of p.apps) {
        const app = preview(id);
        if (!app) continue;
        if (p.revert) {
          if (app.live) db.prepare("DELETE FROM k_app_preview WHERE id = ?").run(id);
          continue;
        }
        if (!app.live) apps.create({ id, name: app.name, properties: {}, layout: [] });
        apps.replace(id, { name: app.name, properties: app.properties, layout: app.layout, revision: app.revision });
        plugins.addTo(id, app.plugins);
        db.prepare("DELETE FROM k_app_preview WHERE id = ?").run(id);
      }
    })();
  }

  /** Ends the deploys whose time has come; every request calls it first. */
  function settle(now = Date.now()): void {
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      if (now >= p.readyAt) {
        pending.splice(i, 1);
        finish(p);
      }
    }
  }

  return {
    preview,
    settle,
    create(name: string, space: string | null, thread: string | null): PreviewApp {
      const next =
        db
          .prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM (SELECT id FROM k_apps UNION ALL SELECT id FROM k_app_preview)")
          .get()?.id ?? 0;
      const app: PreviewApp = { id: next + 1, name, properties: systemFields("ja"), layout: [], plugins: [], revision: 1, live: false };
      save(app);
      if (space !== null)
        db.prepare("INSERT OR REPLACE INTO k_app_space (id, space, thread) VALUES (?, ?, ?)").run(app.id, space, thread ?? space);
      return app;
    },
    /** Applies a change to the preview; the revision moves by one. */
    change(app: PreviewApp, mutate: (draft: PreviewApp) => void): number {
      const draft = structuredClone(app);
      mutate(draft);
      draft.revision = app.revision + 1;
      save(draft);
      return draft.revision;
    },
    deploy(ids: number[], revert: boolean): void {
      pending.push({ apps: ids, revert, readyAt: Date.now() + deployMs, polled: false });
    },
    isDeploying: (id: number) => pending.some((p) => p.apps.includes(id)),
    /** kintone takes a moment: a deploy's first poll sees PROCESSING, the next one its result. */
    statuses(ids: number[]): DeployStatus[] {
      const involved = pending.filter((p) => ids.some((id) => p.apps.includes(id)));
      for (const p of involved.filter((x) => x.polled)) {
        pending.splice(pending.indexOf(p), 1);
        finish(p);
      }
      for (const p of involved) p.polled = true;
      return ids.map((id) => (pending.some((p) => p.apps.includes(id)) ? "PROCESSING" : "SUCCESS"));
    },
    space(id: number): { space: string; thread: string } | null {
      return db.prepare<[number], { space: string; thread: string }>("SELECT space, thread FROM k_app_space WHERE id = ?").get(id) ?? null;
    },
  };
}
export type AppAdmin = ReturnType<typeof createAppAdmin>;
