// CallConnect from Node: the shared client (src/shared/callconnect/client.ts) over fetch, with the app's token.
import { createCallConnectClient, withBearerToken, type CallConnectClient, type Transport } from "../../shared/callconnect/client";
import type { AppRegistration } from "../store/types";

export function fetchTransport(timeoutMs = 30_000, counter?: { count: number }): Transport {
  return async (req) => {
    if (counter) counter.count++;
    const resp = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
    const headers: Record<string, string> = {};
    resp.headers.forEach((v, k) => (headers[k] = v));
    return { status: resp.status, body: await resp.text(), headers };
  };
}

export function callconnectFor(reg: AppRegistration, counter?: { count: number }, timeoutMs = 30_000): CallConnectClient {
  return createCallConnectClient({
    baseUrl: reg.settings.callconnect.baseUrl,
    transport: withBearerToken(fetchTransport(timeoutMs, counter), reg.secrets.callconnectToken),
  });
}
