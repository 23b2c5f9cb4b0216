// Placeholder (being filled in): routes /k/v1/… requests.
import type { IncomingMessage, ServerResponse } from "node:http";

export function createHandler(_deps: unknown): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async () => false;
}
