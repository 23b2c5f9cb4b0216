// record.json and records.json: single and bulk reads and writes, with kintone's limits and shapes.
import { KintoneEmulatorError, paramError, problem, validationError } from "../errors.js";
import { selectRecords } from "../query/index.js";
import type { UpdateItem, Written } from "../records.js";
import type { RecordInput, StoredRecord } from "../types.js";
import { guard, queryContext, visibility } from "./access.js";
import { appFor, type Call, idParam, listParam, objectListParam, objectParam, pick, type Route } from "./call.js";

const READ_LIMIT = 500;
const WRITE_LIMIT = 100;
const MAX_OFFSET = 10_000;
const DEFAULT_LIMIT = 100;

// kintone lists both messages when ids is missing, in this order in Japanese and the other way round in English.
const noIds = () => {
  const both = [problem("param.required"), problem("records.deleteRange")];
  return validationError({ ids: (lang) => (lang === "en" ? [...both].reverse() : both) });
};

/** The records a query selects among those the principal may view, before limit/offset: records.json and cursors. */
export function runQuery(
  call: Call,
  query: string,
): { app: ReturnType<typeof appFor>; matched: StoredRecord[]; limit: number | null; offset: number | null } {
  const app = appFor(call, "view");
  const visible = visibility(call, app);
  const all = call.deps.records.all(app);
  const sel = selectRecords(visible ? all.filter(visible) : all, query, queryContext(call, app));
  return { app, ...sel };
}

const getRecord: Route = (call) => {
  const app = appFor(call, "view");
  const id = idParam(call.params, "id");
  const record = call.deps.records.get(app.id, id);
  if (!record) throw new KintoneEmulatorError("GAIA_RE01", String(id));
  guard(call, app)?.(record);
  return { record: call.deps.time.shown(record) };
};

const getRecords: Route = (call) => {
  const { matched, limit, offset } = runQuery(call, String(call.params.query ?? ""));
  if (limit !== null && limit > READ_LIMIT) throw new KintoneEmulatorError("GAIA_QU01");
  if (offset !== null && offset > MAX_OFFSET) throw new KintoneEmulatorError("GAIA_QU02");
  const start = offset ?? 0;
  const page = matched.slice(start, start + (limit ?? DEFAULT_LIMIT));
  const fields = listParam(call.params.fields);
  const wantTotal = String(call.params.totalCount) === "true";
  return { records: page.map((r) => call.deps.time.shown(pick(r, fields))), totalCount: wantTotal ? String(matched.length) : null };
};

function emitWritten(call: Call, app: ReturnType<typeof appFor>, written: Written[]) {
  for (const w of written) {
    const type = w.operation === "INSERT" ? "ADD_RECORD" : "UPDATE_RECORD";
    call.pending.push({ app, payload: { type, record: call.deps.time.shown(w.record), recordTitle: w.title, recordId: w.id } });
  }
}
const isUpsert = (call: Call) => call.params.upsert === true || call.params.upsert === "true";
const many = (i: number) => `records[${i}]`;

const postRecord: Route = (call) => {
  const app = appFor(call, "add");
  const [w] = call.deps.records.add(app, [objectParam<RecordInput>(call.params.record, "record")], call.principal.user);
  if (!w) throw new KintoneEmulatorError("CB_UN01");
  emitWritten(call, app, [w]);
  return { id: w.id, revision: w.revision };
};

const postRecords: Route = (call) => {
  const app = appFor(call, "add");
  const inputs = objectListParam<RecordInput>(call.params.records, "records");
  if (inputs.length > WRITE_LIMIT) throw paramError("records", "records.tooManyAdd");
  const written = call.deps.records.add(app, inputs, call.principal.user, { prefix: many });
  emitWritten(call, app, written);
  return { ids: written.map((w) => w.id), revisions: written.map((w) => w.revision) };
};

const putRecord: Route = (call) => {
  const app = appFor(call, "edit");
  const item: UpdateItem = {
    ...call.params,
    record: objectParam<RecordInput>(call.params.record, "record"),
    updateKey: call.params.updateKey === undefined ? undefined : objectParam(call.params.updateKey, "updateKey"),
  };
  if (item.id === undefined && !item.updateKey) idParam(call.params, "id");
  const upsert = isUpsert(call);
  if (upsert) appFor(call, "add");
  const [w] = call.deps.records.update(app, [item], call.principal.user, { upsert, guard: guard(call, app) });
  if (!w) throw new KintoneEmulatorError("CB_UN01");
  emitWritten(call, app, [w]);
  return upsert ? { id: w.id, revision: w.revision, operation: w.operation } : { revision: w.revision };
};

const putRecords: Route = (call) => {
  const app = appFor(call, "edit");
  const items = objectListParam<UpdateItem>(call.params.records, "records").map((item, i) => ({
    ...item,
    record: objectParam<RecordInput>(item.record, `records[${i}].record`),
  }));
  if (items.length > WRITE_LIMIT) throw paramError("records", "records.tooManyUpdate");
  const upsert = isUpsert(call);
  if (upsert) appFor(call, "add");
  const written = call.deps.records.update(app, items, call.principal.user, { prefix: many, upsert, guard: guard(call, app) });
  emitWritten(call, app, written);
  return {
    records: written.map((w) => (upsert ? { id: w.id, revision: w.revision, operation: w.operation } : { id: w.id, revision: w.revision })),
  };
};

const deleteRecords: Route = (call) => {
  const app = appFor(call, "delete");
  const ids = listParam(call.params.ids).map(Number);
  if (ids.length === 0) throw noIds();
  if (ids.length > WRITE_LIMIT) throw paramError("ids", "records.deleteRange");
  // null, "" and -1 mean "don't check" (cli-kintone's record delete and deleteAllRecords send null).
  call.deps.records.remove(app, ids, listParam(call.params.revisions), guard(call, app));
  const deletedAt = call.deps.time
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const deletedBy = { code: call.principal.user.code, name: call.principal.user.name };
  for (const id of ids) call.pending.push({ app, payload: { type: "DELETE_RECORD", recordId: String(id), deletedBy, deletedAt } });
  return {};
};

export const recordRoutes: Record<string, Route> = {
  "GET record": getRecord,
  "POST record": postRecord,
  "PUT record": putRecord,
  "GET records": getRecords,
  "POST records": postRecords,
  "PUT records": putRecords,
  "DELETE records": deleteRecords,
};
