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
  /** The agent placing the call: a CallConnect user's login name or e-mail (the kintone user who clicked). */
  user: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** The same as the plugin sends it: the kintone user's login and e-mail, tried in that order. */
  agent: v.optional(
    v.object({ code: v.optional(v.pipe(v.string(), v.maxLength(200))), email: v.optional(v.pipe(v.string(), v.maxLength(254))) }),
  ),
  extension: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/, "must be digits"))),
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

export const WebhookTargetForm = v.object({
  url: v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => s === "" || /^https?:\/\/[^\s]+$/i.test(s), "the URL must start with http:// or https://"),
  ),
  signing_secret: v.optional(v.string(), ""),
});

const agentName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(254));

/** POST sim/ring: an incoming call from `number`, ringing for one agent or several (login or e-mail each). */
export const RingBody = v.object({
  number: v.pipe(v.string(), v.maxLength(100)),
  agent: v.optional(v.union([agentName, v.pipe(v.array(agentName), v.maxLength(20))])),
});

/** POST sim/calls/{id}/answer: who answers an incoming call (default: its agent, or the only one it rings for). */
export const AnswerBody = v.object({ agent: v.optional(agentName) });

/** POST sim/calls/{id}/end: default result answered when the call was answered, else no_answer. */
export const SimEndBody = v.object({
  result: v.optional(v.picklist(["answered", "no_answer", "busy"])),
  agent: v.optional(agentName),
  memo: v.optional(v.pipe(v.string(), v.maxLength(10_000)), ""),
  hold: v.optional(v.boolean(), false),
});
