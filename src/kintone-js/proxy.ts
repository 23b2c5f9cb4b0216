// Typed wrapper over kintone.proxy: the general cross-origin call through kintone's server (no saved secrets merged).

export interface ProxyResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type ProxyCall = (url: string, method: string, headers: Record<string, string>, body: unknown) => Promise<ProxyResponse>;

/** The proxy could not reach the host at all (DNS, refused connection, timeout). */
export class ProxyUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not reach ${url}: ${reason}`);
    this.name = "ProxyUnreachableError";
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (Array.isArray(err)) return String(err[0] ?? "unknown error");
  if (typeof err === "object" && err && "message" in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** Resolves for every HTTP status (kintone does too); rejects with ProxyUnreachableError only when no answer came. */
export const kintoneProxy: ProxyCall = async (url, method, headers, body) => {
  let result: unknown;
  try {
    result = await kintone.proxy(url, method, headers, body ?? {});
  } catch (err) {
    throw new ProxyUnreachableError(url, reasonOf(err));
  }
  const [text, status, respHeaders] = result as [string, number, Record<string, string>];
  return { status: Number(status), body: String(text ?? ""), headers: respHeaders ?? {} };
};
