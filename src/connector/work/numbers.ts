// A customer record's numbers with the text of the field holding each: kintone's 関連レコード一覧 joins on equal
// text, so a history record that carries the customer's own notation shows in that list.
import { fieldText, numbersOf, type KintoneRecord } from "../../shared/kintone/record";
import type { NumberText } from "../store/types";

export function numberTexts(record: KintoneRecord, phoneFields: readonly string[]): NumberText[] {
  const out: NumberText[] = [];
  for (const code of phoneFields) {
    const text = fieldText(record[code]).trim();
    for (const e164 of numbersOf(record, [code])) if (!out.some((n) => n.e164 === e164)) out.push({ e164, text });
  }
  return out;
}
