// One input per field type, each able to read, write, disable and show an error, as kintone's forms do.
import { h } from "../dom";
import type { FieldProp, FieldValue } from "../state";

export interface FieldInput {
  element: HTMLElement;
  read(): FieldValue;
  write(field: FieldValue): void;
  setError(message: string | null): void;
}

/** Fields a user types into; the rest (system, CALC, related records, files) are kintone's to fill. */
export const EDITABLE = new Set([
  "SINGLE_LINE_TEXT",
  "LINK",
  "NUMBER",
  "MULTI_LINE_TEXT",
  "RICH_TEXT",
  "DATETIME",
  "DATE",
  "TIME",
  "DROP_DOWN",
  "RADIO_BUTTON",
  "CHECK_BOX",
  "MULTI_SELECT",
  "USER_SELECT",
  "SUBTABLE",
]);

const pad = (n: number) => String(n).padStart(2, "0");
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (v: string) =>
  v
    ? new Date(v)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z")
        .replace(/:\d{2}Z$/, ":00Z")
    : "";

function control(
  prop: FieldProp,
  onChange: () => void,
): { el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement; get(): unknown; set(v: unknown): void } {
  const options = Object.values(prop.options ?? {}).sort((a, b) => Number(a.index) - Number(b.index));
  const attrs = { "aria-label": prop.label, name: prop.code };
  switch (prop.type) {
    case "MULTI_LINE_TEXT":
    case "RICH_TEXT": {
      const el = h("textarea", { attrs, on: { change: onChange } });
      return { el, get: () => el.value, set: (v) => void (el.value = String(v ?? "")) };
    }
    case "DATETIME": {
      const el = h("input", { attrs: { ...attrs, type: "datetime-local" }, on: { change: onChange } });
      return { el, get: () => fromLocalInput(el.value), set: (v) => void (el.value = toLocalInput(String(v ?? ""))) };
    }
    case "DATE":
    case "TIME": {
      const el = h("input", { attrs: { ...attrs, type: prop.type.toLowerCase() }, on: { change: onChange } });
      return { el, get: () => el.value, set: (v) => void (el.value = String(v ?? "")) };
    }
    case "DROP_DOWN":
    case "RADIO_BUTTON":
    case "CHECK_BOX":
    case "MULTI_SELECT": {
      const multiple = prop.type === "CHECK_BOX" || prop.type === "MULTI_SELECT";
      const el = h(
        "select",
        { attrs: multiple ? { ...attrs, multiple: "" } : attrs, on: { change: onChange } },
        ...(multiple ? [] : [h("option", { attrs: { value: "" } }, "-----")]),
        ...options.map((o) => h("option", { attrs: { value: o.label } }, o.label)),
      );
      const get = () => (multiple ? [...el.selectedOptions].map((o) => o.value) : el.value);
      const set = (v: unknown) => {
        const chosen = new Set(Array.isArray(v) ? v.map(String) : [String(v ?? "")]);
        for (const o of el.options) o.selected = chosen.has(o.value);
      };
      return { el, get, set };
    }
    case "USER_SELECT": {
      const el = h("input", { attrs: { ...attrs, placeholder: "yamada, Administrator" }, on: { change: onChange } });
      return {
        el,
        get: () =>
          el.value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
            .map((code) => ({ code })),
        set: (v) => void (el.value = Array.isArray(v) ? (v as { code: string }[]).map((u) => u.code).join(", ") : ""),
      };
    }
    default: {
      const el = h("input", {
        attrs: { ...attrs, type: "text", inputmode: prop.type === "NUMBER" ? "decimal" : "text" },
        on: { change: onChange },
      });
      return { el, get: () => el.value, set: (v) => void (el.value = String(v ?? "")) };
    }
  }
}

export function fieldInput(prop: FieldProp, onChange: () => void): FieldInput {
  const c = control(prop, onChange);
  const error = h("div", { className: "k-field-error", attrs: { role: "alert" } });
  const element = h("div", { className: "k-input" }, c.el, error);
  return {
    element,
    read: () => ({ type: prop.type, value: c.get() }),
    write(field) {
      c.set(field.value);
      c.el.disabled = field.disabled === true;
      if (field.error !== undefined) this.setError(field.error ?? null);
    },
    setError(message) {
      error.textContent = message ?? "";
      element.closest(".k-field")?.classList.toggle("k-has-error", Boolean(message));
    },
  };
}

type Row = { id?: string; value: Record<string, FieldValue> };

/** A subtable: rows of inner inputs with add/remove, read and written as kintone's row array. */
export function subtableInput(prop: FieldProp, words: { add: string; remove: string }, onChange: () => void): FieldInput {
  const inner = Object.values(prop.fields ?? {});
  const rows: { id?: string; inputs: Map<string, FieldInput>; tr: HTMLTableRowElement }[] = [];
  const tbody = h("tbody");
  const error = h("div", { className: "k-field-error", attrs: { role: "alert" } });
  const addRow = (row?: Row) => {
    const inputs = new Map(inner.map((f) => [f.code, fieldInput(f, onChange)] as const));
    const tr = h("tr", {}, ...inner.map((f) => h("td", {}, inputs.get(f.code)!.element)));
    const entry = { id: row?.id, inputs, tr };
    tr.append(
      h(
        "td",
        {},
        h(
          "button",
          {
            attrs: { type: "button" },
            on: {
              click: () => {
                rows.splice(rows.indexOf(entry), 1);
                tr.remove();
                onChange();
              },
            },
          },
          words.remove,
        ),
      ),
    );
    for (const f of inner) if (row?.value[f.code]) inputs.get(f.code)!.write(row.value[f.code]!);
    rows.push(entry);
    tbody.append(tr);
  };
  const table = h(
    "table",
    { className: "k-subtable" },
    h("thead", {}, h("tr", {}, ...inner.map((f) => h("th", {}, f.label)), h("th", {}, ""))),
    tbody,
  );
  const element = h(
    "div",
    { className: "k-input" },
    table,
    h("button", { attrs: { type: "button" }, on: { click: () => addRow() } }, words.add),
    error,
  );
  return {
    element,
    read: () => ({
      type: "SUBTABLE",
      value: rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), value: Object.fromEntries([...r.inputs].map(([k, i]) => [k, i.read()])) })),
    }),
    write(field) {
      rows.splice(0).forEach((r) => r.tr.remove());
      for (const row of (field.value as Row[] | null) ?? []) addRow(row);
    },
    setError(message) {
      error.textContent = message ?? "";
    },
  };
}
