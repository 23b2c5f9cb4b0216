// The message catalogues (one per language) and the one function that renders a text from them.
import { en } from "./en.js";
import { ja, type MessageKey } from "./ja.js";
import { zh } from "./zh.js";

export type { MessageKey } from "./ja.js";
export type Lang = "ja" | "en" | "zh";

const catalogues: Record<Lang, Record<MessageKey, string>> = { ja, en, zh };

export function message(lang: Lang, key: MessageKey, args: readonly string[] = []): string {
  return catalogues[lang][key].replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? "");
}

/** kintone answers in the first of ja/en/zh the client accepts; anything else (and `*`, which fetch sends) is ja. */
export function languageOf(header: string | undefined): Lang {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    const primary = tag.split("-")[0];
    if (primary === "ja" || primary === "en" || primary === "zh") return primary;
  }
  return "ja";
}
