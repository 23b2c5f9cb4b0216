// Inline edit on the list view: index.edit.show → index.edit.submit → save → index.edit.submit.success.
import { h, errorBanner } from "../dom";
import { rawApi } from "../api";
import type { EventBus } from "../events";
import type { FieldProp, PageState, RecordData } from "../state";
import { errorText } from "./common";
import { fieldInput, type FieldInput } from "./inputs";

const INLINE = new Set(["SINGLE_LINE_TEXT", "LINK", "NUMBER", "DATETIME", "DATE", "TIME", "DROP_DOWN", "RADIO_BUTTON"]);

export interface InlineRow {
  tr: HTMLTableRowElement;
  record: RecordData;
  cells: Map<string, HTMLTableCellElement>;
}

export async function editInline(
  state: PageState,
  bus: EventBus,
  props: Record<string, FieldProp>,
  row: InlineRow,
  banner: HTMLElement,
  words: { save: string; cancel: string },
): Promise<void> {
  const appId = state.boot.appId!;
  const recordId = String(row.record.$id?.value ?? "");
  const inputs = new Map<string, FieldInput>();
  const before = new Map<HTMLTableCellElement, Node[]>();
  for (const [code, td] of row.cells) {
    const prop = props[code];
    if (!prop || !INLINE.has(prop.type)) continue;
    const input = fieldInput(prop, () => undefined);
    input.write(row.record[code] ?? { type: prop.type, value: "" });
    before.set(td, [...td.childNodes]);
    td.replaceChildren(h("div", { className: "k-field" }, input.element));
    inputs.set(code, input);
  }
  const read = (): RecordData => {
    const out = structuredClone(row.record);
    for (const [code, input] of inputs) out[code] = input.read();
    return out;
  };
  const restore = () => {
    for (const [td, nodes] of before) td.replaceChildren(...nodes);
    actions.remove();
  };
  const shown = await bus.fire({ type: "app.record.index.edit.show", appId, recordId: Number(recordId), record: read() });
  for (const [code, input] of inputs)
    if (shown.record && (shown.record as RecordData)[code]) input.write((shown.record as RecordData)[code]!);

  const save = async () => {
    banner.replaceChildren();
    const ev = await bus.fire({ type: "app.record.index.edit.submit", appId, recordId: Number(recordId), record: read() });
    const record = ev.record as RecordData;
    const fieldError = Object.values(record).find((f) => typeof f.error === "string" && f.error)?.error;
    if ((typeof ev.error === "string" && ev.error) || fieldError)
      return void banner.replaceChildren(errorBanner(String(ev.error || fieldError)));
    const payload = Object.fromEntries([...inputs.keys()].map((c) => [c, { value: record[c]?.value }]));
    try {
      await rawApi("/k/v1/record.json", "PUT", { app: appId, id: recordId, record: payload });
    } catch (err) {
      return void banner.replaceChildren(errorBanner(errorText(err)));
    }
    const saved = ((await rawApi("/k/v1/record.json", "GET", { app: appId, id: recordId })) as { record: RecordData }).record;
    await bus.fire({ type: "app.record.index.edit.submit.success", appId, recordId: Number(recordId), record: saved });
    location.reload();
  };
  const actions = h(
    "td",
    { className: "k-inline-actions" },
    h("button", { className: "k-primary k-inline-save", attrs: { type: "button" }, on: { click: () => void save() } }, words.save),
    h("button", { attrs: { type: "button" }, on: { click: restore } }, words.cancel),
  );
  row.tr.append(actions);
}
