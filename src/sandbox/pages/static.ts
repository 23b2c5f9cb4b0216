// /k/static/: the runtime (bundled for the browser with esbuild at start), the CSS, and the plugin's files.
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { PluginPackage } from "../plugin-files";
import { KINTONE_CSS } from "./style";

// The URL's #hash never reaches the server, so the login page adds it to the form's `next` itself: a record link
// opened while signed out opens that record after sign-in. A row of the users table fills the form.
const LOGIN_JS = `(function () {
  var form = document.querySelector("form.k-login");
  if (!form) return;
  var next = form.querySelector("input[name=next]");
  if (next && location.hash.length > 1 && next.value.indexOf("#") < 0) next.value += location.hash;
  form.querySelectorAll("tr[data-login]").forEach(function (tr) {
    tr.addEventListener("click", function () {
      form.querySelector("input[name=username]").value = tr.getAttribute("data-login");
      form.querySelector("input[name=password]").value = tr.getAttribute("data-password");
    });
  });
})();
`;

export async function bundleRuntime(): Promise<string> {
  const entry = fileURLToPath(new URL("../runtime/index.ts", import.meta.url));
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    platform: "browser",
    logLevel: "silent",
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error("esbuild produced no runtime bundle");
  return file.text;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
  json: "application/json; charset=utf-8",
};

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache", "x-content-type-options": "nosniff" }).end(body);
}

export const pluginFileUrl = (pluginId: string, path: string) =>
  `/k/static/plugin/${pluginId}/${path.split("/").map(encodeURIComponent).join("/")}`;

/** Serves a static path; false when it is not one. Plugin scripts get kintone.$PLUGIN_ID set while they run, as kintone does. */
export function serveStatic(res: ServerResponse, path: string, runtime: string, plugin: PluginPackage | null): boolean {
  if (path === "/k/static/runtime.js") return (send(res, TYPES.js!, runtime), true);
  if (path === "/k/static/kintone.css") return (send(res, TYPES.css!, KINTONE_CSS), true);
  if (path === "/k/static/login.js") return (send(res, TYPES.js!, LOGIN_JS), true);
  const m = /^\/k\/static\/plugin\/([a-p]{32})\/(.+)$/.exec(path);
  if (!m || !plugin || m[1] !== plugin.id) return false;
  const file = m[2]!.split("/").map(decodeURIComponent).join("/");
  const body = plugin.files.get(file);
  if (!body) return false;
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  if (ext === "js") {
    send(res, TYPES.js!, `kintone.$PLUGIN_ID = ${JSON.stringify(plugin.id)};\n${body.toString("utf8")}`);
  } else {
    send(res, TYPES[ext] ?? "application/octet-stream", body);
  }
  return true;
}
