// Runs a kintone query over an app's records: filter, sort, and the page limit/offset ask for.
import { compileQuery, type QueryContext } from "./evaluate.js";
import { parseQuery, QuerySyntaxError } from "./parse.js";

export { fieldsOf, QueryChoiceError, QueryFieldError, QueryFunctionError, QueryOperatorError, type QueryContext } from "./evaluate.js";
export { parseQuery, QuerySyntaxError } from "./parse.js";

export interface Selection<R> {
  /** All matching records, sorted. */
  matched: R[];
  limit: number | null;
  offset: number | null;
}

/** `records` must be in ascending $id order. */
export function selectRecords<R extends Record<string, { type: string; value: unknown } | undefined>>(
  records: R[],
  query: string,
  ctx: QueryContext,
): Selection<R> {
  const q = parseQuery(query);
  const { matches, sort } = compileQuery(q, ctx);
  const matched = sort(records.filter(matches));
  return { matched, limit: q.limit, offset: q.offset };
}

/** A bare condition (no order by, limit or offset), as record access rules hold them. */
export function compileCondition(
  condition: string,
  ctx: QueryContext,
): (rec: Record<string, { type: string; value: unknown } | undefined>) => boolean {
  const q = parseQuery(condition);
  if (q.orderBy.length || q.limit !== null || q.offset !== null) throw new QuerySyntaxError("a condition only");
  return compileQuery(q, ctx).matches;
}
