// The app-building API: preview/app.json, preview/app/form/{fields,layout}.json, preview/app/deploy.json and the app's
// plugins (preview and live). Changes go to the preview; a deploy makes them live.
import type { KintoneFormFieldProperty as P, KintoneFormLayout as L } from "@kintone/rest-api-client";
import type { PreviewApp } from "../app-admin.js";
import { KintoneEmulatorError, paramError, problem, validationError, type Problems } from "../errors.js";
import { field } from "../form.js";
import { requirePermission } from "./auth.js";
import { appFor, idParam, listParam, objectParam, type Call, type Route } from "./call.js";
import type { Params } from "./request.js";

type Props = Record<string, P.OneOf>;
type Cell = { type: string; code?: string; elementId?: string; label?: string; size?: Record<string, string> };

const MAX_NAME = 64;
const SYSTEM = new Set(["RECORD_NUMBER", "CREATOR", "CREATED_TIME", "MODIFIER", "UPDATED_TIME", "STATUS", "STATUS_ASSIGNEE", "CATEGORY"]);
const LAYOUT_ONLY = new Set(["LABEL", "HR", "SPACER"]);

// A field as kintone stores it when the request leaves properties out.
const DEFAULTS: Record<string, (code: string) => Record<string, unknown>> = {
  SINGLE_LINE_TEXT: (c) => field.text(c),
  MULTI_LINE_TEXT: (c) => field.multiLine(c),
  RICH_TEXT: (c) => ({ ...field.multiLine(c), type: "RICH_TEXT" }),
  NUMBER: (c) => field.number(c),
  DATE: (c) => field.date(c),
  TIME: (c) => field.time(c),
  DATETIME: (c) => field.dateTime(c),
  LINK: (c) => field.link(c, "WEB"),
  DROP_DOWN: (c) => field.dropDown(c, []),
  RADIO_BUTTON: (c) => field.radio(c, []),
  CHECK_BOX: (c) => field.checkBox(c, []),
  MULTI_SELECT: (c) => ({ ...field.checkBox(c, []), type: "MULTI_SELECT", align: undefined }),
  USER_SELECT: (c) => field.user(c),
  SUBTABLE: (c) => field.subtable(c, {}),
  REFERENCE_TABLE: (c) => ({
    type: "REFERENCE_TABLE",
    code: c,
    label: c,
    noLabel: false,
    referenceTable: { relatedApp: { app: "", code: "" }, condition: {}, filterCond: "", displayFields: [], sort: "", size: "5" },
  }),
  GROUP: (c) => ({ type: "GROUP", code: c, label: c, noLabel: false, openGroup: false }),
};

const isAdmin = (call: Call) => call.principal.kind === "user" && call.principal.user.isAdmin;

/** The preview of `params.app`, for an app administrator. */
export function previewFor(call: Call, key = "app", params: Params = call.params): PreviewApp {
  const id = idParam(params, key);
  const app = call.deps.admin.preview(id);
  if (!app) throw new KintoneEmulatorError("GAIA_AP01", String(id));
  requirePermission(call.principal, id, "manage");
  return app;
}

/** `revision` -1, null or left out: no check; anything else must be the preview's. */
function checkRevision(app: PreviewApp, revision: unknown): void {
  if (revision === undefined || revision === null || revision === "" || Number(revision) === -1) return;
  if (Number(revision) !== app.revision) throw new KintoneEmulatorError("GAIA_CO02");
}

function withDefaults(code: string, input: Record<string, unknown>, where: string, problems: Problems): P.OneOf | null {
  const type = String(input.type ?? "");
  if (type === "") {
    problems[`${where}.type`] = [problem("param.required")];
    return null;
  }
  const make = DEFAULTS[type];
  if (!make || SYSTEM.has(type)) {
    problems[`${where}.type`] = [problem("admin.badType", type)];
    return null;
  }
  if (type !== "GROUP" && (typeof input.label !== "string" || input.label === "")) problems[`${where}.label`] = [problem("param.required")];
  const out = { ...make(code), ...input, code } as Record<string, unknown>;
  if (type === "SUBTABLE") {
    const inner = objectParam<Record<string, Record<string, unknown>>>(input.fields ?? {}, `${where}.fields`);
    out.fields = Object.fromEntries(
      Object.entries(inner).flatMap(([c, f]) => {
        const built = withDefaults(c, f, `${where}.fields.${c}`, problems);
        return built ? [[c, built]] : [];
      }),
    );
  }
  return out as unknown as P.OneOf;
}

/** A 関連レコード一覧 must name a live app and fields that exist on both sides. */
function checkReference(call: Call, app: PreviewApp, prop: P.OneOf, where: string, problems: Problems): void {
  if (prop.type !== "REFERENCE_TABLE") return;
  const ref = prop.referenceTable as Partial<P.ReferenceTable["referenceTable"]>;
  const relatedId = String(ref.relatedApp?.app ?? "");
  const related = relatedId === "" ? null : call.deps.apps.get(Number(relatedId));
  if (!related) {
    problems[`${where}.referenceTable.relatedApp.app`] = [problem("admin.noSuchApp", relatedId)];
    return;
  }
  const own = ref.condition?.field ?? "";
  const theirs = ref.condition?.relatedField ?? "";
  if (!app.properties[own]) problems[`${where}.referenceTable.condition.field`] = [problem("admin.noSuchField", own)];
  if (!related.properties[theirs]) problems[`${where}.referenceTable.condition.relatedField`] = [problem("admin.noSuchField", theirs)];
  (ref.displayFields ?? []).forEach((code, i) => {
    if (!related.properties[code]) problems[`${where}.referenceTable.displayFields[${i}]`] = [problem("admin.noSuchField", code)];
  });
}

function layoutCell(prop: P.OneOf): L.OneOf {
  if (prop.type === "SUBTABLE")
    return {
      type: "SUBTABLE",
      code: prop.code,
      fields: Object.values(prop.fields).map((f) => ({ type: f.type, code: f.code, size: {} })),
    } as L.OneOf;
  if (prop.type === "GROUP") return { type: "GROUP", code: prop.code, layout: [] } as L.OneOf;
  const cell = prop.type === "REFERENCE_TABLE" ? { type: prop.type, code: prop.code } : { type: prop.type, code: prop.code, size: {} };
  return { type: "ROW", fields: [cell] } as L.OneOf;
}

/** Codes the layout places (top level and inside tables and groups). */
function placed(layout: L.OneOf[]): Set<string> {
  const out = new Set<string>();
  for (const item of layout) {
    if (item.type === "ROW") for (const f of item.fields as Cell[]) if (f.code) out.add(f.code);
    if (item.type === "SUBTABLE" || item.type === "GROUP") out.add(item.code);
    if (item.type === "GROUP") for (const c of placed(item.layout as L.OneOf[])) out.add(c);
  }
  return out;
}

const addApp: Route = (call) => {
  if (!isAdmin(call)) throw new KintoneEmulatorError("CB_NO02");
  const name = call.params.name;
  if (typeof name !== "string" || name.trim() === "") throw paramError("name", "param.required");
  if (name.length > MAX_NAME) throw paramError("name", "param.invalid");
  const space = call.params.space === undefined || call.params.space === null ? null : String(call.params.space);
  const thread = call.params.thread === undefined || call.params.thread === null ? null : String(call.params.thread);
  const app = call.deps.admin.create(name, space, thread);
  return { app: String(app.id), revision: String(app.revision) };
};

const getPreviewFields: Route = (call) => {
  const app = previewFor(call);
  return { properties: app.properties, revision: String(app.revision) };
};

const addFields: Route = (call) => {
  const app = previewFor(call);
  checkRevision(app, call.params.revision);
  const input = objectParam<Record<string, Record<string, unknown>>>(call.params.properties, "properties");
  const problems: Problems = {};
  const added: Props = {};
  for (const [code, raw] of Object.entries(input)) {
    const where = `properties.${code}`;
    if (app.properties[code]) {
      problems[`${where}.code`] = [problem("admin.codeTaken", code)];
      continue;
    }
    const built = withDefaults(code, objectParam(raw, where), where, problems);
    if (built) added[code] = built;
  }
  const next = { ...app, properties: { ...app.properties, ...added } };
  for (const [code, prop] of Object.entries(added)) checkReference(call, next, prop, `properties.${code}`, problems);
  if (Object.keys(problems).length) throw validationError(problems);
  const revision = call.deps.admin.change(app, (d) => {
    d.properties = next.properties;
    // kintone puts fields added through the API at the bottom of the form.
    d.layout.push(...Object.values(added).map(layoutCell));
  });
  return { revision: String(revision) };
};

const updateFields: Route = (call) => {
  const app = previewFor(call);
  checkRevision(app, call.params.revision);
  const input = objectParam<Record<string, Record<string, unknown>>>(call.params.properties, "properties");
  const problems: Problems = {};
  const changed: Props = {};
  for (const [code, raw] of Object.entries(input)) {
    const where = `properties.${code}`;
    const had = app.properties[code];
    if (!had) {
      problems[`${where}.code`] = [problem("admin.noSuchField", code)];
      continue;
    }
    const patch = objectParam<Record<string, unknown>>(raw, where);
    if (patch.type !== undefined && patch.type !== had.type) {
      problems[`${where}.type`] = [problem("admin.typeChanged")];
      continue;
    }
    changed[code] = { ...had, ...patch, type: had.type, code } as P.OneOf;
  }
  const next = { ...app, properties: { ...app.properties, ...changed } };
  for (const [code, prop] of Object.entries(changed)) checkReference(call, next, prop, `properties.${code}`, problems);
  if (Object.keys(problems).length) throw validationError(problems);
  return { revision: String(call.deps.admin.change(app, (d) => void (d.properties = next.properties))) };
};

const deleteFields: Route = (call) => {
  const app = previewFor(call);
  checkRevision(app, call.params.revision);
  const codes = listParam(call.params.fields).map(String);
  if (codes.length === 0) throw paramError("fields", "param.required");
  const problems: Problems = {};
  codes.forEach((code, i) => {
    const prop = app.properties[code];
    if (!prop || SYSTEM.has(prop.type)) problems[`fields[${i}]`] = [problem("admin.noSuchField", code)];
  });
  if (Object.keys(problems).length) throw validationError(problems);
  const gone = new Set(codes);
  const prune = (layout: L.OneOf[]): L.OneOf[] =>
    layout.flatMap((item): L.OneOf[] => {
      if ((item.type === "SUBTABLE" || item.type === "GROUP") && gone.has(item.code)) return [];
      if (item.type === "GROUP") return [{ ...item, layout: prune(item.layout as L.OneOf[]) as typeof item.layout }];
      if (item.type !== "ROW") return [item];
      const fields = (item.fields as Cell[]).filter((f) => !f.code || !gone.has(f.code));
      return fields.length ? [{ ...item, fields } as L.OneOf] : [];
    });
  const revision = call.deps.admin.change(app, (d) => {
    for (const code of codes) delete d.properties[code];
    d.layout = prune(d.layout);
  });
  return { revision: String(revision) };
};

const getPreviewLayout: Route = (call) => {
  const app = previewFor(call);
  return { layout: app.layout, revision: String(app.revision) };
};

const updateLayout: Route = (call) => {
  const app = previewFor(call);
  checkRevision(app, call.params.revision);
  const layout = listParam(call.params.layout) as L.OneOf[];
  const problems: Problems = {};
  const checkCells = (cells: Cell[], where: string) =>
    cells.forEach((cell, j) => {
      if (LAYOUT_ONLY.has(cell.type)) return;
      const prop = cell.code ? app.properties[cell.code] : undefined;
      if (!prop || prop.type !== cell.type)
        problems[`${where}.fields[${j}].code`] = [problem("admin.noSuchField", String(cell.code ?? ""))];
    });
  const walk = (items: L.OneOf[], where: string) =>
    items.forEach((item, i) => {
      const at = `${where}[${i}]`;
      if (item.type === "ROW") return checkCells(listParam(item.fields) as Cell[], at);
      if (item.type !== "SUBTABLE" && item.type !== "GROUP") {
        problems[`${at}.type`] = [problem("param.invalid")];
        return;
      }
      if (app.properties[item.code]?.type !== item.type) problems[`${at}.code`] = [problem("admin.noSuchField", String(item.code ?? ""))];
      if (item.type === "GROUP") walk(listParam(item.layout) as L.OneOf[], `${at}.layout`);
    });
  walk(layout, "layout");
  if (Object.keys(problems).length) throw validationError(problems);
  // A field the new layout leaves out stays on the form, at the bottom (kintone does not drop fields through the layout).
  const inLayout = placed(layout);
  const inTables = new Set(Object.values(app.properties).flatMap((p) => (p.type === "SUBTABLE" ? Object.keys(p.fields) : [])));
  const missing = Object.values(app.properties).filter(
    (p) => !inLayout.has(p.code) && !inTables.has(p.code) && !["STATUS", "STATUS_ASSIGNEE", "CATEGORY"].includes(p.type),
  );
  const revision = call.deps.admin.change(app, (d) => void (d.layout = [...layout, ...missing.map(layoutCell)]));
  return { revision: String(revision) };
};

const deploy: Route = (call) => {
  const list = listParam(call.params.apps);
  if (list.length === 0) throw paramError("apps", "param.required");
  const ids = list.map((raw, i) => {
    const entry = objectParam<Params>(raw, `apps[${i}]`);
    const app = previewFor(call, "app", entry);
    checkRevision(app, entry.revision);
    if (call.deps.admin.isDeploying(app.id)) throw paramError(`apps[${i}].app`, "admin.deploying");
    return app.id;
  });
  call.deps.admin.deploy(ids, call.params.revert === true || call.params.revert === "true");
  return {};
};

const deployStatus: Route = (call) => {
  const ids = listParam(call.params.apps).map((raw, i) => previewFor(call, String(i), { [String(i)]: raw }).id);
  if (ids.length === 0) throw paramError("apps", "param.required");
  const statuses = call.deps.admin.statuses(ids);
  return { apps: ids.map((id, i) => ({ app: String(id), status: statuses[i] })) };
};

function pluginList(call: Call, ids: string[]) {
  const lang = call.principal.user.language;
  return ids.map((id) => {
    const p = call.deps.plugins.get(id);
    return { id, name: p ? (p.name[lang] ?? p.name.en ?? id) : id, enabled: true };
  });
}

const getPreviewPlugins: Route = (call) => {
  const app = previewFor(call);
  return { plugins: pluginList(call, app.plugins), revision: String(app.revision) };
};

const getLivePlugins: Route = (call) => {
  const app = appFor(call, "manage");
  return { plugins: pluginList(call, call.deps.plugins.addedTo(app.id)), revision: String(app.revision) };
};

const addPlugins: Route = (call) => {
  const app = previewFor(call);
  checkRevision(app, call.params.revision);
  const ids = listParam(call.params.ids).map(String);
  if (ids.length === 0) throw paramError("ids", "param.required");
  const problems: Problems = {};
  ids.forEach((id, i) => {
    if (!call.deps.plugins.get(id)) problems[`ids[${i}]`] = [problem("plugin.notFound", id)];
  });
  if (Object.keys(problems).length) throw validationError(problems);
  const revision = call.deps.admin.change(app, (d) => void (d.plugins = [...new Set([...d.plugins, ...ids])]));
  return { revision: String(revision) };
};

export const appAdminRoutes: Record<string, Route> = {
  "POST preview/app": addApp,
  "GET preview/app/form/fields": getPreviewFields,
  "POST preview/app/form/fields": addFields,
  "PUT preview/app/form/fields": updateFields,
  "DELETE preview/app/form/fields": deleteFields,
  "GET preview/app/form/layout": getPreviewLayout,
  "PUT preview/app/form/layout": updateLayout,
  "POST preview/app/deploy": deploy,
  "GET preview/app/deploy": deployStatus,
  "GET preview/app/plugins": getPreviewPlugins,
  "POST preview/app/plugins": addPlugins,
  "GET app/plugins": getLivePlugins,
};
