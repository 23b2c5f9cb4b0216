// The kintone REST emulator: wires storage, auth, records and webhooks behind the KintoneEmulator contract.
import { createAppAdmin } from "./app-admin.js";
import { createApps } from "./apps.js";
import { createTables } from "./db.js";
import { KintoneEmulatorError } from "./errors.js";
import { createFaults } from "./http/faults.js";
import { createHandler } from "./http/handler.js";
import { compileCondition, fieldsOf } from "./query/index.js";
import { createRecordAccess } from "./record-access.js";
import { createPlugins } from "./plugins.js";
import { createRecords } from "./records.js";
import { createTimekeeper } from "./time.js";
import { createTokens } from "./tokens.js";
import type { KintoneEmulator, KintoneEmulatorOptions } from "./types.js";
import { createSessions, createUsers } from "./users.js";
import { createWebhooks } from "./webhooks.js";

export { KintoneEmulatorError } from "./errors.js";
export type * from "./types.js";

export function createKintoneEmulator(options: KintoneEmulatorOptions): KintoneEmulator {
  const { db } = options;
  createTables(db);
  const users = createUsers(db);
  const sessions = createSessions(db, users);
  const apps = createApps(db);
  const tokens = createTokens(db);
  const webhooks = createWebhooks(db, options.publicUrl);
  const time = createTimekeeper(options);
  const records = createRecords(db, apps, users, time);
  const access = createRecordAccess();
  const faults = createFaults();
  const plugins = createPlugins(db);
  const admin = createAppAdmin(db, apps, plugins, { deployMs: options.deployMs });
  const basic: { current: { user: string; password: string } | null } = { current: null };
  const handle = createHandler({
    users,
    apps,
    tokens,
    webhooks,
    records,
    basic,
    sessionUser: sessions.userOfSession,
    concurrencyLimit: options.concurrencyLimit ?? 100,
    time,
    access,
    faults,
    admin,
    plugins,
  });

  const requireApp = (appId: number) => {
    const app = apps.get(appId);
    if (!app) throw new KintoneEmulatorError("GAIA_AP01", String(appId));
    return app;
  };

  return {
    handle,
    users,
    sessions,
    apps: {
      create: (def) => apps.create(def),
      exists: (appId) => apps.get(appId) !== null,
      name: (appId) => apps.get(appId)?.name ?? null,
      properties: (appId) => structuredClone(requireApp(appId).properties),
      layout: (appId) => structuredClone(requireApp(appId).layout),
      isManager(appId, userCode) {
        const app = apps.get(appId);
        if (!app) return false;
        return app.managers.includes(userCode) || users.byCode(userCode)?.isAdmin === true;
      },
    },
    records: {
      add(appId, record, userCode) {
        const app = requireApp(appId);
        const user = users.byCode(userCode);
        if (!user) throw new KintoneEmulatorError("CB_AU01");
        // Like an import by the tenant's admin: no webhooks (kintone sends them for REST and UI writes; seeds are neither).
        const [added] = records.add(app, [record], user);
        if (!added) throw new KintoneEmulatorError("CB_UN01");
        return { id: added.id, revision: added.revision };
      },
      // Copies: callers must not be able to change the store's cached records.
      get(appId, id) {
        const rec = records.get(appId, Number(id));
        return rec ? structuredClone(time.shown(rec)) : null;
      },
      count: (appId) => records.count(appId),
    },
    tokens: {
      create(appId, permissions) {
        requireApp(appId);
        return tokens.create(appId, permissions);
      },
    },
    webhooks: {
      add: (appId, hook) => webhooks.add(appId, hook),
      list: (appId) => webhooks.list(appId).map((h) => ({ url: h.url, events: [...h.events] })),
      remove: (appId, url) => webhooks.remove(appId, url),
    },
    plugins: {
      put: (zip) => plugins.put(zip),
      list: () => plugins.list(),
      zip: (id) => plugins.zip(id),
      appsUsing: (id) => plugins.appsUsing(id),
    },
    setBasicAuth(credentials) {
      basic.current = credentials;
    },
    drainWebhooks: () => webhooks.drain(),
    recordAccess: {
      set(appId, rules) {
        const fields = fieldsOf(requireApp(appId).properties as Parameters<typeof fieldsOf>[0]);
        // Refuse a condition kintone would refuse, now rather than on the first read.
        for (const r of rules) compileCondition(r.condition, { fields, loginUser: "", timezone: "UTC", now: 0 });
        access.set(appId, rules);
      },
      clear: (appId) => access.clear(appId),
    },
    faults: { inject: (f) => faults.inject(f), clear: () => faults.clear(), hits: () => faults.hits() },
  };
}
