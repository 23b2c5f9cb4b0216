// Record detail (/k/{app}/show#record={id}, /k/m/{app}/show?record={id}): fields by layout, Space elements,
// related records; app.record.detail.show fires once the DOM exists.
import { h, content, errorBanner } from "../dom";
import { rawApi } from "../api";
import type { EventBus } from "../events";
import type { FieldProp, PageState, RecordData } from "../state";
import { clamped, textOf, valueNode } from "../values";
import { appPath, confirmDelete, errorText, eventName, loadForm, words, type AppForm } from "./common";
import { fieldBox, renderLayout } from "./layout";

const quote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

async function relatedRecords(prop: FieldProp, record: RecordData, state: PageState): Promise<HTMLElement> {
  const ref = prop.referenceTable!;
  const value = String(record[ref.condition.field]?.value ?? "");
  const box = h("div", { className: "k-value k-reference-box" });
  if (!value) return (box.append(h("span", { className: "k-empty" }, words(state)("none"))), box);
  const related = await loadForm(Number(ref.relatedApp.app));
  const sort = ref.sort ? ` order by ${ref.sort}` : "";
  const query = `${ref.condition.relatedField} = ${quote(value)}${ref.filterCond ? ` and (${ref.filterCond})` : ""}${sort} limit ${Number(ref.size) || 5}`;
  const { records } = (await rawApi("/k/v1/records.json", "GET", {
    app: ref.relatedApp.app,
    query,
    fields: [...ref.displayFields, "$id"],
  })) as { records: RecordData[] };
  if (records.length === 0) return (box.append(h("span", { className: "k-empty" }, words(state)("none"))), box);
  const tz = state.boot.user.timezone;
  const lang = state.boot.user.language;
  box.append(
    h(
      "table",
      { className: "k-reference", attrs: { "data-reference": prop.code } },
      h("tr", {}, ...ref.displayFields.map((c) => h("th", {}, related.props[c]?.label ?? c))),
      ...records.map((r) => h("tr", {}, ...ref.displayFields.map((c) => h("td", {}, clamped(textOf(r[c], tz, lang)))))),
    ),
  );
  return box;
}

export async function renderDetail(state: PageState, bus: EventBus, recordId: string): Promise<void> {
  const t = words(state);
  const appId = state.boot.appId!;
  const root = content();
  const form: AppForm = await loadForm(appId);
  const { record } = (await rawApi("/k/v1/record.json", "GET", { app: appId, id: recordId })) as { record: RecordData };
  state.recordId = recordId;
  state.readRecord = () => record;
  const tz = state.boot.user.timezone;
  const lang = state.boot.user.language;
  const pending: Promise<void>[] = [];

  const cell = (code: string) => {
    const prop = form.props[code]!;
    if (prop.type === "REFERENCE_TABLE") {
      const slot = h("div", { className: "k-value" });
      pending.push(
        relatedRecords(prop, record, state).then(
          (el) => slot.replaceWith(el),
          (err: unknown) => void (slot.textContent = errorText(err)),
        ),
      );
      return fieldBox(prop.label, code, slot);
    }
    const value = valueNode(prop, record[code], tz, lang);
    state.fieldElements.set(code, value);
    return fieldBox(prop.label, code, value);
  };
  const editHref = state.mobile ? `/k/m/${appId}/edit?record=${recordId}` : `#record=${recordId}&mode=edit`;
  state.headerSpace = h("div", { className: "k-header-space" });
  const toolbar = h(
    "div",
    { className: "k-toolbar" },
    h("a", { attrs: { href: appPath(state) } }, `← ${t("back")}`),
    h("h1", {}, state.boot.appName),
    state.headerSpace,
    h("span", { className: "k-spacer" }),
    h("a", { className: "k-button k-primary k-edit", attrs: { href: editHref } }, t("edit")),
    h("button", { className: "k-delete", attrs: { type: "button" }, on: { click: () => void remove() } }, t("delete")),
  );
  const body = h(
    "div",
    { className: "k-record", attrs: { "data-record-id": recordId } },
    ...renderLayout(form.layout, form, state, { field: cell, subtable: cell }),
  );
  root.replaceChildren(toolbar, body);
  await Promise.all(pending);

  async function remove(): Promise<void> {
    if (!(await confirmDelete(t))) return;
    const ev = await bus.fire({ type: eventName(state, "app.record.detail.delete.submit"), appId, recordId: Number(recordId), record });
    if (typeof ev.error === "string" && ev.error) return void root.prepend(errorBanner(ev.error));
    try {
      await rawApi("/k/v1/records.json", "DELETE", { app: appId, ids: [recordId] });
      location.assign(appPath(state));
    } catch (err) {
      root.prepend(errorBanner(errorText(err)));
    }
  }

  await bus.fire({ type: eventName(state, "app.record.detail.show"), appId, recordId: Number(recordId), record });
}
