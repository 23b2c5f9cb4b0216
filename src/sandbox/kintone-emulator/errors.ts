// kintone's error JSON ({code, id, message, errors?}); the texts live in messages/, one catalogue per language.
import { randomBytes } from "node:crypto";
import { type Lang, message, type MessageKey } from "./messages/index.js";

const STATUS = {
  CB_AU01: 401,
  CB_WA01: 401,
  CB_NO01: 404,
  CB_NO02: 403,
  CB_IJ01: 400,
  CB_VA01: 400,
  CB_UN01: 500,
  GAIA_IA02: 400,
  GAIA_AP01: 404,
  GAIA_RE01: 404,
  GAIA_RE18: 404,
  GAIA_CU01: 400,
  GAIA_CO02: 409,
  GAIA_TO04: 429,
  GAIA_IQ03: 400,
  GAIA_IQ07: 400,
  GAIA_IQ10: 400,
  GAIA_IQ11: 400,
  GAIA_IQ23: 400,
  GAIA_IQ25: 400,
  GAIA_IL08: 400,
  GAIA_IL26: 400,
  GAIA_QU01: 400,
  GAIA_QU02: 400,
} satisfies Partial<Record<MessageKey, number>>;

export type KintoneErrorCode = keyof typeof STATUS;

/** One message under `errors`, rendered in the request's language. */
export interface Problem {
  key: MessageKey;
  args?: string[];
}
export const problem = (key: MessageKey, ...args: string[]): Problem => (args.length ? { key, args } : { key });

/** Problems per error key; a function where kintone orders them differently per language. */
export type Problems = Record<string, Problem[] | ((lang: Lang) => Problem[])>;

export interface ErrorBody {
  code: string;
  id: string;
  message: string;
  errors?: Record<string, { messages: string[] }>;
}

/** Thrown by the emulator's handlers and admin hooks; the HTTP layer renders it as kintone's error JSON. */
export class KintoneEmulatorError extends Error {
  readonly status: number;
  private readonly args: string[];
  constructor(
    readonly code: KintoneErrorCode,
    arg: string | string[] = [],
    readonly errors?: Problems,
  ) {
    const args = typeof arg === "string" ? [arg] : arg;
    super(message("en", code, args));
    this.args = args;
    this.name = "KintoneEmulatorError";
    this.status = STATUS[code];
  }

  body(lang: Lang): ErrorBody {
    const id = randomBytes(10).toString("base64url");
    const text = message(lang, this.code, this.args);
    if (!this.errors) return { code: this.code, id, message: text };
    const errors: Record<string, { messages: string[] }> = {};
    for (const [key, entry] of Object.entries(this.errors)) {
      const list = typeof entry === "function" ? entry(lang) : entry;
      errors[key] = { messages: list.map((p) => message(lang, p.key, p.args)) };
    }
    return { code: this.code, id, message: text, errors };
  }
}

/** Validation error with kintone's `errors` map (keys like `record.<code>.value`). */
export function validationError(errors: Problems): KintoneEmulatorError {
  return new KintoneEmulatorError("CB_VA01", [], errors);
}

/** A CB_VA01 with one message under one key (request parameters). */
export const paramError = (key: string, messageKey: MessageKey, ...args: string[]): KintoneEmulatorError =>
  validationError({ [key]: [problem(messageKey, ...args)] });
