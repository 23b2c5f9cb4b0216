// records.json reads for the record views, with kintone's errors turned into named values.
import type { KintoneRecord } from "../shared/kintone/record";

export type RecordsError = { kind: "forbidden" | "app_missing" | "bad_query" | "failed"; code: string; message: string };
export type RecordsResult = { ok: true; records: KintoneRecord[]; totalCount: number | null } | { ok: false; error: RecordsError };

function kindOf(code: string, status: number): RecordsError["kind"] {
  if (code === "CB_NO02" || status === 403) return "forbidden";
  if (code === "GAIA_AP01") return "app_missing";
  if (code === "CB_VA01" || code.startsWith("GAIA_IQ") || code === "GAIA_IL23") return "bad_query";
  return "failed";
}

export async function getRecords(appId: string, query: string, fields: string[]): Promise<RecordsResult> {
  try {
    const resp = (await kintone.api(kintone.api.url("/k/v1/records.json", true), "GET", {
      app: appId,
      query,
      fields,
      totalCount: true,
    })) as {
      records: KintoneRecord[];
      totalCount: string | null;
    };
    return {
      ok: true,
      records: resp.records,
      totalCount: resp.totalCount === null || resp.totalCount === undefined ? null : Number(resp.totalCount),
    };
  } catch (err) {
    const e = (err ?? {}) as { code?: unknown; message?: unknown; status?: unknown };
    const code = typeof e.code === "string" ? e.code : "";
    const status = typeof e.status === "number" ? e.status : 0;
    return { ok: false, error: { kind: kindOf(code, status), code, message: typeof e.message === "string" ? e.message : String(err) } };
  }
}
