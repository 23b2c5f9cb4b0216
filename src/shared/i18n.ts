// Japanese first, English too. Each area keeps its own catalogue under ./messages/, shaped as { ja, en }.
export type Lang = "ja" | "en";

export function langOf(kintoneLanguage: string | undefined | null): Lang {
  return kintoneLanguage === "en" ? "en" : "ja";
}

type Catalogue<K extends string> = { ja: Record<K, string>; en: Record<K, string> };

/** A translator for one catalogue: `t("key", { n: 3 })` replaces `{n}`. Missing params stay visible. */
export function translator<K extends string>(catalogue: Catalogue<K>, lang: Lang) {
  const table = catalogue[lang];
  return (key: K, params: Record<string, string | number> = {}): string =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Declares a catalogue; the type makes a key missing from either language a compile error. */
export function defineMessages<K extends string>(catalogue: Catalogue<K>): Catalogue<K> {
  return catalogue;
}
