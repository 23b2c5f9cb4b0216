// Node-only HTTP helpers shared by the connector and the sandbox's servers (never bundled for the browser).
import type { IncomingMessage } from "node:http";

/** The request body as sent, refused with the caller's own error once it passes `limit` bytes. */
export async function readBoundedBody(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Data placed into server-built HTML is escaped, so it is shown as text and never parsed as markup. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
