// `like` as kintone's full-text word search, not a substring match: "gamma keyword" is found by "keyword", not "key".
// Latin text, digits and other scripts split into words at spaces and punctuation, and match whole words only.
// Chinese, Japanese and Korean runs are matched as a bigram index would match them: anywhere inside a run.
// Every word of the search text must occur; their order is not checked.
const CJK = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\u30fc\\u3005";
const TOKEN = new RegExp(`([${CJK}]+)|((?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+)`, "gu");

interface Tokens {
  words: string[];
  cjk: string[];
}

function tokens(text: string): Tokens {
  const out: Tokens = { words: [], cjk: [] };
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
    if (m[1]) out.cjk.push(m[1]);
    else if (m[2]) out.words.push(m[2]);
  }
  return out;
}

/** A matcher for one search text; a text without any word finds nothing. */
export function wordSearch(needle: string): (haystack: string) => boolean {
  const want = tokens(needle);
  if (want.words.length === 0 && want.cjk.length === 0) return () => false;
  return (haystack) => {
    const have = tokens(haystack);
    return want.words.every((w) => have.words.includes(w)) && want.cjk.every((c) => have.cjk.some((run) => run.includes(c)));
  };
}
