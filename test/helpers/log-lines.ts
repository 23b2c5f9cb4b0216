// The connector's structured log as tests read it: pino's newline-separated JSON, parsed line by line.
import { Writable } from "node:stream";
import pino from "pino";

/** A writer of newline-separated JSON (pino's output) into `into`, for a child's stdout or an in-process logger. */
export function jsonLines<T = Record<string, unknown>>(into: T[]): (chunk: Buffer) => void {
  let rest = "";
  return (chunk) => {
    const parts = (rest + chunk.toString("utf8")).split("\n");
    rest = parts.pop()!;
    for (const line of parts) if (line.startsWith("{")) into.push(JSON.parse(line) as T);
  };
}

/** An in-process pino logger at debug whose lines land in `into`. */
export function capturingLogger<T>(into: T[]): pino.Logger {
  const write = jsonLines(into);
  return pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        write(chunk);
        done();
      },
    }),
  );
}
