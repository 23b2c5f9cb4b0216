// The config screen's catalogue as a Japanese reader sees it: one name for the product, no spaces around numbers.
import { describe, expect, it } from "vitest";
import { configMessages } from "../../config-ui/messages";
import { translator } from "../../src/shared/i18n";

const ja = translator(configMessages, "ja");
const keys = Object.keys(configMessages.ja) as (keyof typeof configMessages.ja)[];
/** The placeholders the screen fills with numbers (counts, row numbers, statuses), each filled with 987. */
const NUMERIC = ["count", "row", "first", "status", "read", "queued", "requests", "pending", "failed", "done"];
const withNumbers = (key: (typeof keys)[number]) => ja(key, Object.fromEntries(NUMERIC.map((n) => [n, 987])));

describe("config screen wording (ja)", () => {
  it("calls the product コールコネクト in every Japanese text", () => {
    expect(keys.filter((k) => configMessages.ja[k].includes("CallConnect"))).toEqual([]);
  });

  it("puts no space between a number and the Japanese around it", () => {
    expect(ja("summary.errors", { count: 6 })).toMatch(/^入力内容に誤りが6件あります。/);
    const spaced = keys.map(withNumbers).filter((text) => /[^\x00-\x7f] 987|987 [^\x00-\x7f]/.test(text));
    expect(spaced).toEqual([]);
  });
});
