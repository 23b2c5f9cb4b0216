// kintone's query language → an AST. Pure: no field knowledge here (see evaluate.ts).
import { QuerySyntaxError } from "./errors.js";
import { type Token, tokenize } from "./tokenize.js";

export { QuerySyntaxError } from "./errors.js";
export type Operand = { kind: "string"; value: string } | { kind: "number"; value: string } | { kind: "fn"; name: string; args: string[] };
export type Op = "=" | "!=" | "<" | ">" | "<=" | ">=" | "in" | "not in" | "like" | "not like" | "is empty" | "is not empty";
export type Expr = { kind: "and" | "or"; left: Expr; right: Expr } | { kind: "cond"; field: string; op: Op; values: Operand[] };
export interface Query {
  where: Expr | null;
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
  offset: number | null;
}

export function parseQuery(src: string): Query {
  const toks = tokenize(src);
  let pos = 0;
  const peek = (k = 0) => toks[pos + k];
  const isWord = (w: string, k = 0) => peek(k)?.t === "word" && peek(k)?.v.toLowerCase() === w;
  const next = (what: string): Token => {
    const tok = toks[pos++];
    if (!tok) throw new QuerySyntaxError(`expected ${what} at end`);
    return tok;
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) throw new QuerySyntaxError(`expected ${w}`);
    pos++;
  };
  const atClause = () => (isWord("order") && isWord("by", 1)) || isWord("limit") || isWord("offset");

  function operand(): Operand {
    const tok = next("a value");
    if (tok.t === "str") return { kind: "string", value: tok.v };
    if (tok.t === "num") return { kind: "number", value: tok.v };
    if (tok.t === "word" && peek()?.t === "(") {
      pos++;
      const args: string[] = [];
      while (peek()?.t !== ")") {
        const a = next("an argument");
        if (a.t !== "word" && a.t !== "num" && a.t !== "str") throw new QuerySyntaxError(`bad argument ${a.v}`);
        args.push(a.v);
        if (peek()?.t === ",") pos++;
      }
      pos++;
      return { kind: "fn", name: tok.v.toUpperCase(), args };
    }
    throw new QuerySyntaxError(`unexpected ${tok.v}`);
  }

  function condition(): Expr {
    const f = next("a field");
    if (f.t !== "word") throw new QuerySyntaxError(`expected a field, got ${f.v}`);
    const field = f.v;
    const tok = next("an operator");
    if (tok.t === "op") return { kind: "cond", field, op: tok.v as Op, values: [operand()] };
    const w = tok.t === "word" ? tok.v.toLowerCase() : "";
    const negated = w === "not";
    const kw = negated ? next("in or like").v.toLowerCase() : w;
    if (kw === "in") {
      if (next("(").t !== "(") throw new QuerySyntaxError("expected ( after in");
      const values: Operand[] = [operand()];
      while (peek()?.t === ",") {
        pos++;
        values.push(operand());
      }
      if (next(")").t !== ")") throw new QuerySyntaxError("expected )");
      return { kind: "cond", field, op: negated ? "not in" : "in", values };
    }
    if (kw === "like") {
      const v = operand();
      if (v.kind !== "string") throw new QuerySyntaxError("like needs a string");
      return { kind: "cond", field, op: negated ? "not like" : "like", values: [v] };
    }
    if (kw === "is" && !negated) {
      const not = isWord("not");
      if (not) pos++;
      expectWord("empty");
      return { kind: "cond", field, op: not ? "is not empty" : "is empty", values: [] };
    }
    throw new QuerySyntaxError(`unknown operator ${tok.v}`);
  }

  function factor(): Expr {
    if (peek()?.t === "(") {
      pos++;
      const e = or();
      if (next(")").t !== ")") throw new QuerySyntaxError("expected )");
      return e;
    }
    return condition();
  }
  function and(): Expr {
    let left = factor();
    while (isWord("and")) {
      pos++;
      left = { kind: "and", left, right: factor() };
    }
    return left;
  }
  function or(): Expr {
    let left = and();
    while (isWord("or")) {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  }
  const count = (what: string): number => {
    const tok = next(what);
    if (tok.t !== "num" || !/^\d+$/.test(tok.v)) throw new QuerySyntaxError(`${what} needs a whole number`);
    return Number(tok.v);
  };

  const q: Query = { where: null, orderBy: [], limit: null, offset: null };
  if (toks.length > 0 && !atClause()) q.where = or();
  if (isWord("order") && isWord("by", 1)) {
    pos += 2;
    do {
      if (q.orderBy.length) pos++; // the comma
      const f = next("a field");
      if (f.t !== "word") throw new QuerySyntaxError(`bad order by ${f.v}`);
      // kintone sorts descending when the direction is left out.
      const desc = !isWord("asc");
      if (isWord("desc") || isWord("asc")) pos++;
      q.orderBy.push({ field: f.v, desc });
    } while (peek()?.t === ",");
  }
  // kintone insists on this order: condition, order by, limit, offset.
  if (isWord("limit")) {
    pos++;
    q.limit = count("limit");
  }
  if (isWord("offset")) {
    pos++;
    q.offset = count("offset");
  }
  if (pos < toks.length) throw new QuerySyntaxError(`unexpected ${toks[pos]?.v}`);
  return q;
}
