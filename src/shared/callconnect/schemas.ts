// Shapes of the CallConnect API's bodies (docs/callconnect-api.md). Responses are checked, not trusted.
import * as v from "valibot";

export const CustomerSchema = v.object({
  name: v.string(),
  company: v.string(),
  email: v.string(),
  address: v.string(),
  memo: v.string(),
  /** E.164 */
  numbers: v.array(v.string()),
  external_id: v.string(),
  /** "kintone|{appId}|{recordUrl}" */
  external_info: v.string(),
  /** ISO 8601 UTC; an upsert older than the stored one is ignored by CallConnect. */
  updated_at: v.string(),
});
export type Customer = v.InferOutput<typeof CustomerSchema>;

const text = v.optional(v.nullable(v.string()), "");

export const CustomerOutSchema = v.looseObject({
  id: v.union([v.string(), v.number()]),
  name: text,
  company: text,
  email: text,
  address: text,
  memo: text,
  numbers: v.optional(v.array(v.string()), []),
  external_id: text,
  external_info: text,
  updated_at: text,
  created_at: text,
});
export type CustomerOut = v.InferOutput<typeof CustomerOutSchema>;

/** A call as GET api/v1/calls lists it; only the id is required, the rest is tolerated when absent. */
export const CallOutSchema = v.looseObject({
  id: v.union([v.string(), v.number()]),
  number: text,
  direction: text,
  status: v.optional(v.union([v.string(), v.number()])),
  started_at: text,
  duration: v.optional(v.number()),
  user_name: text,
  memo: text,
  recording_urls: v.optional(v.array(v.string()), []),
  transcription: text,
});
export type CallOut = v.InferOutput<typeof CallOutSchema>;

export const StartedCallSchema = v.looseObject({ id: v.union([v.string(), v.number()]), status: text });
export type StartedCall = v.InferOutput<typeof StartedCallSchema>;

export const PingSchema = v.looseObject({
  ok: v.optional(v.boolean()),
  account: v.optional(v.looseObject({ name: v.optional(v.string()) })),
});
