// kintone's query text → tokens. Whitespace between tokens: spaces, tabs, newlines, U+3000 (all of JS's \s).
import { QuerySyntaxError } from "./errors.js";

export type Token = { t: "str" | "num" | "word" | "op" | "(" | ")" | ","; v: string };

// kintone reads these escapes; a raw tab or newline inside a literal is a syntax error.
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", t: "\t", n: "\n" };

function stringAt(src: string, start: number): { v: string; end: number } {
  let v = "";
  for (let i = start + 1; ; i++) {
    if (i >= src.length) throw new QuerySyntaxError("unterminated string");
    const d = src[i] as string;
    if (d === '"') return { v, end: i + 1 };
    if (d === "\t" || d === "\n" || d === "\r") throw new QuerySyntaxError("raw control character in a string");
    if (d === "\\") {
      const e = ESCAPES[src[++i] ?? ""];
      if (e === undefined) throw new QuerySyntaxError(`bad escape \\${src[i] ?? ""}`);
      v += e;
    } else v += d;
  }
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '"') {
      const { v, end } = stringAt(src, i);
      out.push({ t: "str", v });
      i = end;
    } else if ("(),".includes(c)) {
      out.push({ t: c as "(" | ")" | ",", v: c });
      i++;
    } else if ("=!<>".includes(c)) {
      const two = src.slice(i, i + 2);
      const v = ["!=", "<=", ">="].includes(two) ? two : c;
      if (v === "!") throw new QuerySyntaxError("lone !");
      out.push({ t: "op", v });
      i += v.length;
    } else {
      const m = /^[^\s()=!<>,"]+/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: /^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[0]) ? "num" : "word", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}
