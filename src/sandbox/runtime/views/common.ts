// What the views share: the app's form, event names (desktop or mobile), UI words in ja/en, error text.
import { rawApi, type KintoneError } from "../api";
import type { FieldProp, LayoutItem, PageState } from "../state";
import { confirmDialog } from "./dialog";

export interface AppForm {
  props: Record<string, FieldProp>;
  layout: LayoutItem[];
}

export async function loadForm(appId: number): Promise<AppForm> {
  const [fields, layout] = await Promise.all([
    rawApi("/k/v1/app/form/fields.json", "GET", { app: appId }) as Promise<{ properties: Record<string, FieldProp> }>,
    rawApi("/k/v1/app/form/layout.json", "GET", { app: appId }) as Promise<{ layout: LayoutItem[] }>,
  ]);
  return { props: fields.properties, layout: layout.layout };
}

/** `app.record.detail.show` on desktop, `mobile.app.record.detail.show` on mobile pages. */
export const eventName = (state: PageState, name: string) => (state.mobile ? `mobile.${name}` : name);

const WORDS = {
  ja: {
    edit: "編集",
    delete: "削除",
    save: "保存",
    cancel: "キャンセル",
    add: "レコードを追加",
    back: "一覧へ",
    prev: "前へ",
    next: "次へ",
    confirmDelete: "このレコードを削除しますか？",
    deleteTitle: "レコードの削除",
    deleteOk: "削除する",
    apps: "アプリ",
    noRecords: "レコードがありません。",
    records: "{from}–{to} / {total}件",
    addRow: "行を追加",
    removeRow: "削除",
    details: "詳細",
    none: "(なし)",
    plugins: "プラグイン設定",
  },
  en: {
    edit: "Edit",
    delete: "Delete",
    save: "Save",
    cancel: "Cancel",
    add: "Add record",
    back: "Back to list",
    prev: "Previous",
    next: "Next",
    confirmDelete: "Delete this record?",
    deleteTitle: "Delete record",
    deleteOk: "Delete",
    apps: "Apps",
    noRecords: "No records.",
    records: "{from}–{to} of {total}",
    addRow: "Add row",
    removeRow: "Remove",
    details: "Details",
    none: "(none)",
    plugins: "Plug-in settings",
  },
};
export type Word = keyof (typeof WORDS)["ja"];

export function words(state: PageState) {
  const table = state.boot.user.language === "en" ? WORDS.en : WORDS.ja;
  return (w: Word, params: Record<string, string | number> = {}) =>
    table[w].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}

/** kintone's delete confirmation, in the user's language. */
export function confirmDelete(t: ReturnType<typeof words>): Promise<boolean> {
  return confirmDialog(t("confirmDelete"), { title: t("deleteTitle"), ok: t("deleteOk"), cancel: t("cancel") });
}

export function errorText(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err) {
    const e = err as KintoneError;
    return e.code ? `${e.message} (${e.code})` : e.message;
  }
  return String(err);
}

export const appPath = (state: PageState, tail = "") => `${state.mobile ? "/k/m" : "/k"}/${state.boot.appId}/${tail}`;
export const showPath = (state: PageState, id: string) =>
  state.mobile ? `/k/m/${state.boot.appId}/show?record=${id}` : `/k/${state.boot.appId}/show#record=${id}`;

/** Field codes in layout order (fields not in the layout follow). */
export function layoutCodes(form: AppForm): string[] {
  const out: string[] = [];
  const walk = (items: LayoutItem[]) => {
    for (const item of items) {
      if (item.type === "GROUP") walk(item.layout);
      else if (item.type === "SUBTABLE") out.push(item.code);
      else for (const f of item.fields) if (f.code) out.push(f.code);
    }
  };
  walk(form.layout);
  for (const code of Object.keys(form.props)) if (!out.includes(code)) out.push(code);
  return out;
}
