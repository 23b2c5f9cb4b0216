// `order by`: sort keys per field type; kintone's default is `$id desc`, and a direction left out means desc.
import { pointOf, textOf } from "./conditions.js";
import { QueryFieldError, QueryOperatorError } from "./errors.js";
import { DATES, type FieldInfo, NUMERIC } from "./field-types.js";
import type { Query } from "./parse.js";

type Rec = Record<string, { type: string; value: unknown } | undefined>;

export function sorter(q: Query, fields: Record<string, FieldInfo>, timezone: string): <R extends Rec>(records: R[]) => R[] {
  const order = q.orderBy.length ? q.orderBy : [{ field: "$id", desc: true }];
  const keys = order.map(({ field, desc }) => {
    const f = fields[field];
    if (!f) throw new QueryFieldError(field);
    if (f.table || f.type === "SUBTABLE") throw new QueryOperatorError(field, "");
    const key = (rec: Rec): number | string => {
      const v = rec[field]?.value;
      if (NUMERIC.has(f.type)) return textOf(v) === "" ? -Infinity : Number(v);
      if (DATES.has(f.type)) return pointOf(v, timezone) ?? -Infinity;
      return Array.isArray(v) ? v.map(textOf).join(",") : textOf(v);
    };
    return { key, desc };
  });
  const onlyById = order.length === 1 && order[0]?.field === "$id";
  /** Sorts records given in ascending $id order (as the store keeps them). */
  return (records) => {
    if (onlyById) return order[0]?.desc ? records.reverse() : records; // the common seek/default case: no sort needed
    const decorated = records.map((rec) => ({ rec, k: keys.map(({ key }) => key(rec)) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a.k[i] as number | string;
        const y = b.k[i] as number | string;
        if (x !== y) return (x < y ? -1 : 1) * (keys[i]?.desc ? -1 : 1);
      }
      return 0;
    });
    return decorated.map((d) => d.rec);
  };
}
