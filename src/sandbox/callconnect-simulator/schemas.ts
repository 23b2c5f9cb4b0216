// Request bodies of the customer API (docs/callconnect-api.md), validated with valibot; numbers leave as E.164.
import * as v from "valibot";
import { normalizePhone } from "../../shared/phone.js";
import { HttpError } from "./http.js";

const text = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)), "");
const phone = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const e164 = normalizePhone(dataset.value);
    if (!e164) {
      addIssue({ message: `not a phone number: ${JSON.stringify(dataset.value.slice(0, 40))}` });
      return NEVER;
    }
    return e164;
  }),
);
const timestamp = v.pipe(
  v.string(),
  v.check((s) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time"),
);

export const CustomerBody = v.object({
  name: text(500),
  company: text(500),
  email: text(500),
  address: text(1000),
  memo: text(10_000),
  // CallConnect keeps only customers with a phone number.
  numbers: v.pipe(v.array(phone), v.minLength(1, "at least one phone number is required"), v.maxLength(20)),
  external_id: text(200),
  external_info: text(1000),
  updated_at: v.optional(v.nullable(timestamp), null),
});
export type CustomerBody = v.InferOutput<typeof CustomerBody>;

export const StartCallBody = v.object({
  number: phone,
  display: v.optional(v.pipe(v.string(), v.maxLength(100))),
});
export type StartCallBody = v.InferOutput<typeof StartCallBody>;

export const EXTERNAL_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Parses or throws a 400 naming each bad field, e.g. "numbers.0: not a phone number". */
export function parseBody<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const message = result.issues.map((i) => `${v.getDotPath(i) ?? "body"}: ${i.message}`).join("; ");
  throw new HttpError(400, "invalid_request", message);
}

/** The web phone's 通話終了 form. */
export const EndCallForm = v.object({
  call_id: v.optional(v.pipe(v.string(), v.regex(/^\d*$/, "must be a call id")), ""),
  number: v.pipe(v.string(), v.trim(), v.nonEmpty("the number is required"), v.maxLength(100)),
  direction: v.optional(v.picklist(["outgoing", "incoming"]), "outgoing"),
  started_at: v.optional(v.string(), ""),
  result: v.picklist(["answered", "no_answer", "busy"], "choose 応答, 不在 or 話中"),
  agent: v.optional(v.string(), ""),
  memo: v.optional(v.pipe(v.string(), v.maxLength(10_000)), ""),
  hold: v.optional(v.string(), ""),
});

export const WebhookTargetForm = v.object({
  url: v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => s === "" || /^https?:\/\/[^\s]+$/i.test(s), "the URL must start with http:// or https://"),
  ),
  signing_secret: v.optional(v.string(), ""),
});
