// The CallConnect Transport in the browser: kintone.plugin.app.proxy, whose saved proxy config adds the
// token server-side. Our code never holds or sends the token.
import type { Transport } from "../shared/callconnect/client";

export function pluginProxyTransport(pluginId: string): Transport {
  return async (req) => {
    let result: unknown;
    try {
      result = await kintone.plugin.app.proxy(pluginId, req.url, req.method, req.headers, req.body ?? {});
    } catch (err) {
      // kintone rejects only when no answer came; the client reports it as `unreachable`.
      const reason =
        err instanceof Error
          ? err.message
          : Array.isArray(err)
            ? String(err[0])
            : typeof err === "object" && err && "message" in err
              ? String((err as { message: unknown }).message)
              : String(err);
      throw new Error(reason);
    }
    const [body, status, headers] = result as [string, number, Record<string, string>];
    return { status: Number(status), body: String(body ?? ""), headers: headers ?? {} };
  };
}
