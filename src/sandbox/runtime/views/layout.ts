// Walks an app's form layout into DOM: rows of fields, Space elements, labels, groups and tables.
import { h } from "../dom";
import type { LayoutField, LayoutItem, PageState } from "../state";
import type { AppForm } from "./common";

export interface CellBuilder {
  /** A field cell (label + value or input); null hides it (e.g. system fields on a create form). */
  field(code: string): HTMLElement | null;
  /** A whole subtable block. */
  subtable(code: string): HTMLElement | null;
}

function element(f: LayoutField, form: AppForm, state: PageState, cells: CellBuilder): HTMLElement | null {
  if (f.type === "SPACER") {
    const el = h("div", { className: "k-space", attrs: { "data-space-id": f.elementId ?? "" } });
    if (f.elementId) state.spaceElements.set(f.elementId, el);
    return el;
  }
  if (f.type === "LABEL") return h("div", { className: "k-layout-label" }, (f.label ?? "").replace(/<[^>]*>/g, ""));
  if (f.type === "HR") return h("hr");
  if (!f.code || !form.props[f.code]) return null;
  return cells.field(f.code);
}

export function renderLayout(items: LayoutItem[], form: AppForm, state: PageState, cells: CellBuilder): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const item of items) {
    if (item.type === "ROW") {
      const row = h("div", { className: "k-row" });
      for (const f of item.fields) {
        const el = element(f, form, state, cells);
        if (el) row.append(el);
      }
      if (row.childElementCount > 0) out.push(row);
    } else if (item.type === "SUBTABLE") {
      const el = cells.subtable(item.code);
      if (el) out.push(h("div", { className: "k-row" }, el));
    } else {
      const label = form.props[item.code]?.label ?? item.code;
      out.push(h("fieldset", { className: "k-group" }, h("legend", {}, label), ...renderLayout(item.layout, form, state, cells)));
    }
  }
  return out;
}

export function fieldBox(label: string, code: string, body: HTMLElement): HTMLElement {
  return h("div", { className: "k-field", attrs: { "data-field-code": code } }, h("div", { className: "k-label" }, label), body);
}
