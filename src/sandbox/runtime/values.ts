// How a field value looks on a list or detail page. Text only; links only for safe schemes.
import { h, safeHref } from "./dom";
import type { FieldProp, FieldValue } from "./state";

type Entity = { code?: string; name?: string };

export function formatDateTime(iso: string, timeZone: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "en" ? "en-US" : "ja-JP", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(d);
}

export function textOf(field: FieldValue | undefined, timeZone: string, lang: string): string {
  if (!field) return "";
  const v = field.value;
  switch (field.type) {
    case "DATETIME":
    case "CREATED_TIME":
    case "UPDATED_TIME":
      return typeof v === "string" && v ? formatDateTime(v, timeZone, lang) : "";
    case "CREATOR":
    case "MODIFIER":
      return (v as Entity | null)?.name ?? "";
    case "USER_SELECT":
    case "ORGANIZATION_SELECT":
    case "GROUP_SELECT":
      return Array.isArray(v) ? (v as Entity[]).map((e) => e.name ?? e.code ?? "").join(", ") : "";
    case "CHECK_BOX":
    case "MULTI_SELECT":
    case "CATEGORY":
      return Array.isArray(v) ? v.join(", ") : "";
    case "FILE":
      return Array.isArray(v) ? (v as { name?: string }[]).map((f) => f.name ?? "").join(", ") : "";
    case "SUBTABLE":
      return Array.isArray(v) ? `${v.length}` : "";
    default:
      return v === null || v === undefined ? "" : String(v);
  }
}

const LONG_TEXT = 80;

/** A table cell's text as kintone shows it: a few lines, the whole of a long value on hover. */
export function clamped(text: string): HTMLElement {
  const el = h("div", { className: "k-clamp" }, text);
  if (text.length > LONG_TEXT) el.title = text;
  return el;
}

/** The value element of a field (what getFieldElement returns on the detail page). */
export function valueNode(prop: FieldProp | undefined, field: FieldValue | undefined, tz: string, lang: string): HTMLElement {
  const text = textOf(field, tz, lang);
  const box = h("div", { className: "k-value" });
  if (prop?.type === "LINK" && text) {
    const href =
      prop.protocol === "CALL" ? `tel:${text.replace(/[^\d+#*]/g, "")}` : prop.protocol === "MAIL" ? `mailto:${text}` : safeHref(text);
    box.append(href ? h("a", { attrs: { href } }, text) : text);
  } else if (prop?.type === "SUBTABLE" && Array.isArray(field?.value)) {
    box.append(subtableNode(prop, field.value as { value: Record<string, FieldValue> }[], tz, lang));
  } else {
    box.textContent = text;
  }
  return box;
}

/**
 * A table's rows, each cell drawn like the same field outside a table (a CALL link dials). As in kintone,
 * getFieldElement gives no element for a field inside a table: the attributes here are the sandbox's own.
 */
function subtableNode(prop: FieldProp, rows: { value: Record<string, FieldValue> }[], tz: string, lang: string): HTMLElement {
  const inner = Object.values(prop.fields ?? {});
  if (rows.length === 0) return h("span", { className: "k-empty" }, "—");
  return h(
    "table",
    { className: "k-subtable", attrs: { "data-subtable": prop.code } },
    h("thead", {}, h("tr", {}, ...inner.map((f) => h("th", {}, f.label)))),
    h(
      "tbody",
      {},
      ...rows.map((r, i) =>
        h(
          "tr",
          { attrs: { "data-row": String(i) } },
          ...inner.map((f) => h("td", { attrs: { "data-field-code": f.code } }, valueNode(f, r.value[f.code], tz, lang))),
        ),
      ),
    ),
  );
}
