// What `cli-kintone plugin upload` calls: plugins.json (imported plugins), file.json (upload), plugin.json (import,
// update). Importing is for kintone administrators, with a password or a session (no API tokens).
import { KintoneEmulatorError, paramError } from "../errors.js";
import { listParam, type Call, type Route } from "./call.js";

const MAX_PLUGINS = 100;

function requireSystemAdmin(call: Call): void {
  if (call.principal.kind !== "user" || !call.principal.user.isAdmin) throw new KintoneEmulatorError("CB_NO02");
}

const getPlugins: Route = (call) => {
  requireSystemAdmin(call);
  const { params } = call;
  const limit = params.limit === undefined ? MAX_PLUGINS : Number(params.limit);
  const offset = params.offset === undefined ? 0 : Number(params.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PLUGINS) throw paramError("limit", "param.max100");
  const ids = new Set(listParam(params.ids).map(String));
  const lang = call.principal.user.language;
  const plugins = call.deps.plugins
    .list()
    .filter((p) => ids.size === 0 || ids.has(p.id))
    .slice(offset, offset + limit)
    .map((p) => ({
      id: p.id,
      name: p.name[lang] ?? p.name.en ?? p.id,
      description: p.description[lang] ?? p.description.en ?? "",
      isMarketPlugin: false,
      version: p.version,
    }));
  return { plugins };
};

const importPlugin: Route = (call) => {
  requireSystemAdmin(call);
  return call.deps.plugins.importFile(call.params.fileKey);
};

const updatePlugin: Route = (call) => {
  requireSystemAdmin(call);
  return call.deps.plugins.updateFile(call.params.id, call.params.fileKey);
};

/** multipart/form-data with the file under `file`, as rest-api-client's uploadFile sends it. */
const uploadFile: Route = async (call) => {
  const raw = call.raw;
  if (!raw || !raw.contentType.startsWith("multipart/form-data")) throw paramError("file", "file.missing");
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw.body), { headers: { "content-type": raw.contentType } }).formData();
  } catch {
    throw paramError("file", "file.missing");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw paramError("file", "file.missing");
  const data = Buffer.from(await file.arrayBuffer());
  return { fileKey: call.deps.plugins.upload({ name: file.name, contentType: file.type, data }) };
};

export const pluginRoutes: Record<string, Route> = {
  "GET plugins": getPlugins,
  "POST plugin": importPlugin,
  "PUT plugin": updatePlugin,
  "POST file": uploadFile,
};
