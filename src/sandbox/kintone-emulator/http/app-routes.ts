// app.json, apps.json, app/form/fields.json, app/form/layout.json: what a tenant tells clients about its apps.
import type { AppRow } from "../apps.js";
import { paramError } from "../errors.js";
import { appFor, type Call, listParam, type Route } from "./call.js";

const MAX_APPS = 100;

function describe(call: Call, app: AppRow) {
  const creator = call.deps.users.byCode(app.creator);
  const who = { code: app.creator, name: creator?.name ?? app.creator };
  return {
    appId: String(app.id),
    code: "",
    name: app.name,
    description: "",
    spaceId: call.deps.admin.space(app.id)?.space ?? null,
    threadId: call.deps.admin.space(app.id)?.thread ?? null,
    createdAt: app.createdAt,
    creator: who,
    modifiedAt: app.createdAt,
    modifier: who,
  };
}

/** Tokens only see their own apps; signed-in users see every app. */
const visible = (call: Call, appId: number) => call.principal.kind === "user" || call.principal.grants.has(appId);

const getApp: Route = (call) => describe(call, appFor(call, "view", "id"));

const getApps: Route = (call) => {
  const { params } = call;
  const limit = params.limit === undefined ? MAX_APPS : Number(params.limit);
  const offset = params.offset === undefined ? 0 : Number(params.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_APPS) throw paramError("limit", "param.max100");
  const ids = new Set(listParam(params.ids).map(Number));
  const codes = listParam(params.codes).map(String);
  const name = typeof params.name === "string" ? params.name.toLowerCase() : "";
  const spaceIds = listParam(params.spaceIds);
  const apps = call.deps.apps
    .list()
    .filter((a) => visible(call, a.id))
    .filter((a) => ids.size === 0 || ids.has(a.id))
    .filter(() => codes.length === 0) // sandbox apps have no code
    .filter((a) => spaceIds.length === 0 || spaceIds.map(String).includes(call.deps.admin.space(a.id)?.space ?? ""))
    .filter((a) => name === "" || a.name.toLowerCase().includes(name))
    .slice(offset, offset + limit);
  return { apps: apps.map((a) => describe(call, a)) };
};

const getFields: Route = (call) => {
  const app = appFor(call, "view");
  return { properties: app.properties, revision: String(app.revision) };
};

const getLayout: Route = (call) => {
  const app = appFor(call, "view");
  return { layout: app.layout, revision: String(app.revision) };
};

export const appRoutes: Record<string, Route> = {
  "GET app": getApp,
  "GET apps": getApps,
  "GET app/form/fields": getFields,
  "GET app/form/layout": getLayout,
};
