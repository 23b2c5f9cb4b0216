// Evaluates a parsed query against kintone-shaped records: conditions, and/or, same-row subtable rules, ordering.
import { condition, type ConditionContext } from "./conditions.js";
import { QueryFieldError } from "./errors.js";
import type { FieldInfo } from "./field-types.js";
import { sorter } from "./order.js";
import type { Expr, Query } from "./parse.js";

export { QueryChoiceError, QueryFieldError, QueryFunctionError, QueryOperatorError } from "./errors.js";
export { fieldsOf, type FieldInfo } from "./field-types.js";

export interface QueryContext extends ConditionContext {
  /** Field code → type; include `$id` and subtable inner fields (see fieldsOf). */
  fields: Record<string, FieldInfo>;
}
type Rec = Record<string, { type: string; value: unknown } | undefined>;
type Pred = (rec: Rec) => boolean;
/** A positive condition on a subtable field can also be tested on one row, so `and` can demand the same row. */
interface Compiled {
  pred: Pred;
  row?: { table: string; test: (row: Rec) => boolean };
}

const rowsOf = (rec: Rec, table: string): Rec[] => ((rec[table]?.value as { value: Rec }[] | undefined) ?? []).map((r) => r.value);

export function compileQuery(q: Query, ctx: QueryContext) {
  function leaf(e: Extract<Expr, { kind: "cond" }>): Compiled {
    const f = ctx.fields[e.field];
    if (!f) throw new QueryFieldError(e.field);
    const { test, negate } = condition(e.field, f, e.op, e.values, ctx);
    const { table } = f;
    if (table === undefined) {
      const field = e.field;
      return { pred: negate ? (rec) => !test(rec[field]?.value) : (rec) => test(rec[field]?.value) };
    }
    const rowTest = (row: Rec) => test(row[e.field]?.value);
    const any: Pred = (rec) => rowsOf(rec, table).some(rowTest);
    return negate ? { pred: (rec) => !any(rec) } : { pred: any, row: { table, test: rowTest } };
  }

  const conjuncts = (e: Expr): Expr[] => (e.kind === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e]);

  function compile(e: Expr): Pred {
    if (e.kind === "cond") return leaf(e).pred;
    if (e.kind === "or") {
      const l = compile(e.left);
      const r = compile(e.right);
      return (rec) => l(rec) || r(rec);
    }
    // Conditions on fields of one subtable joined by `and` must hold in the same row, as in kintone.
    const preds: Pred[] = [];
    const byTable = new Map<string, ((row: Rec) => boolean)[]>();
    for (const part of conjuncts(e)) {
      const c = part.kind === "cond" ? leaf(part) : { pred: compile(part) };
      if (c.row) byTable.set(c.row.table, [...(byTable.get(c.row.table) ?? []), c.row.test]);
      else preds.push(c.pred);
    }
    for (const [table, tests] of byTable) preds.push((rec) => rowsOf(rec, table).some((row) => tests.every((t) => t(row))));
    return (rec) => preds.every((p) => p(rec));
  }

  return {
    matches: q.where ? compile(q.where) : () => true,
    /** Sorts records given in ascending $id order (as the store keeps them). */
    sort: sorter(q, ctx.fields, ctx.timezone),
  };
}
