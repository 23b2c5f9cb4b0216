// Reading a kintone API request: method override, qs-style parameters (fields[0]=…), JSON body, language.
import type { IncomingMessage } from "node:http";
import { KintoneEmulatorError } from "../errors.js";
import { readBoundedBody } from "../../../node/http";

export type Params = Record<string, unknown>;
const MAX_BODY = 64 * 1024 * 1024;

/** Parses `a=1&b[0]=x&b[1]=y&c[]=z` into `{a: "1", b: ["x", "y"], c: ["z"]}` (what qs.stringify sends). */
export function parseQueryString(search: string): Params {
  const out: Params = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m || !m[2]) {
      // A repeated plain key (fields=a&fields=b) is a list too.
      const had = out[rawKey];
      out[rawKey] = had === undefined ? value : Array.isArray(had) ? [...(had as unknown[]), value] : [had, value];
      continue;
    }
    const path = [m[1] as string, ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] as string)];
    let node: Record<string, unknown> | unknown[] = out;
    path.forEach((seg, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1] as string);
      const container = node as Record<string, unknown>;
      const key = Array.isArray(node) ? (seg === "" ? node.length : Number(seg)) : seg;
      if (last) {
        container[key as string] = value;
        return;
      }
      container[key as string] ??= nextIsIndex ? [] : {};
      node = container[key as string] as Record<string, unknown>;
    });
  }
  return out;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString("utf8");
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  return readBoundedBody(req, MAX_BODY, () => new KintoneEmulatorError("CB_IJ01"));
}

export function parseJson(text: string): Params {
  if (text.trim() === "") return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
    return v as Params;
  } catch {
    throw new KintoneEmulatorError("CB_IJ01");
  }
}

/** POST with X-HTTP-Method-Override carries a GET (or another verb) whose parameters are in the body. */
export function effectiveMethod(req: IncomingMessage): string {
  const override = req.headers["x-http-method-override"];
  const method = (req.method ?? "GET").toUpperCase();
  return method === "POST" && typeof override === "string" ? override.toUpperCase() : method;
}
