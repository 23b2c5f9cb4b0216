// Create (/k/{app}/edit) and edit (#record={id}&mode=edit): show → submit → save → submit.success, as kintone orders them.
// A submit handler's event.error, or an error on record[code], blocks the save and is shown.
import { h, content, errorBanner } from "../dom";
import { rawApi, type KintoneError } from "../api";
import type { EventBus, KEvent } from "../events";
import type { FieldValue, PageState, RecordData } from "../state";
import { textOf } from "../values";
import { appPath, errorText, eventName, loadForm, showPath, words } from "./common";
import { EDITABLE, fieldInput, subtableInput, type FieldInput } from "./inputs";
import { fieldBox, renderLayout } from "./layout";

export async function renderForm(state: PageState, bus: EventBus, recordId: string | null): Promise<void> {
  const t = words(state);
  const appId = state.boot.appId!;
  const root = content();
  const mode = recordId ? "edit" : "create";
  const form = await loadForm(appId);
  const original: RecordData = recordId
    ? ((await rawApi("/k/v1/record.json", "GET", { app: appId, id: recordId })) as { record: RecordData }).record
    : {};
  state.recordId = recordId;
  const inputs = new Map<string, FieldInput>();
  const banner = h("div");

  const read = (): RecordData => {
    const out: RecordData = {};
    for (const [code, prop] of Object.entries(form.props)) {
      const input = inputs.get(code);
      if (input) out[code] = input.read();
      else if (prop.type !== "REFERENCE_TABLE")
        out[code] = original[code] ? structuredClone(original[code]!) : { type: prop.type, value: null };
    }
    if (original.$id) out.$id = original.$id;
    if (original.$revision) out.$revision = original.$revision;
    return out;
  };
  const write = (record: RecordData) => {
    for (const [code, field] of Object.entries(record)) inputs.get(code)?.write(field);
  };
  state.readRecord = read;
  state.writeRecord = write;

  const changed = (code: string) => async () => {
    const type = eventName(state, `app.record.${mode}.change.${code}`);
    if (!bus.has(type)) return;
    const record = read();
    const ev = await bus.fire({
      type,
      appId,
      record,
      changes: { field: record[code], row: null },
      ...(recordId ? { recordId: Number(recordId) } : {}),
    });
    write(ev.record as RecordData);
  };
  const cell = (code: string) => {
    const prop = form.props[code]!;
    if (!EDITABLE.has(prop.type)) {
      if (mode === "create" || prop.type === "REFERENCE_TABLE") return null;
      return fieldBox(
        prop.label,
        code,
        h("div", { className: "k-value" }, textOf(original[code], state.boot.user.timezone, state.boot.user.language)),
      );
    }
    const input =
      prop.type === "SUBTABLE"
        ? subtableInput(prop, { add: t("addRow"), remove: t("removeRow") }, changed(code))
        : fieldInput(prop, changed(code));
    inputs.set(code, input);
    const label = prop.required ? `${prop.label} *` : prop.label;
    return fieldBox(label, code, input.element);
  };

  const save = h("button", { className: "k-primary k-save", attrs: { type: "button" }, on: { click: () => void submit() } }, t("save"));
  const cancelHref = recordId ? showPath(state, recordId) : appPath(state);
  const cancel = h(
    "button",
    { className: "k-cancel", attrs: { type: "button" }, on: { click: () => location.assign(cancelHref) } },
    t("cancel"),
  );
  const toolbar = h("div", { className: "k-toolbar" }, h("h1", {}, state.boot.appName), h("span", { className: "k-spacer" }), cancel, save);
  const body = h("div", { className: "k-record k-form" }, ...renderLayout(form.layout, form, state, { field: cell, subtable: cell }));
  root.replaceChildren(toolbar, banner, body);
  write(
    recordId
      ? original
      : Object.fromEntries(
          Object.entries(form.props).map(([c, p]) => [
            c,
            { type: p.type, value: (p as { defaultValue?: unknown }).defaultValue ?? (p.type === "SUBTABLE" ? [] : "") },
          ]),
        ),
  );

  const idPart = (): Record<string, number> => (recordId ? { recordId: Number(recordId) } : {});
  const shown = await bus.fire({
    type: eventName(state, `app.record.${mode}.show`),
    appId,
    record: read(),
    ...idPart(),
    ...(mode === "create" ? { reuse: false } : {}),
  });
  write(shown.record as RecordData);

  function showErrors(message: string, byField: Record<string, string>): void {
    banner.replaceChildren(errorBanner(message));
    for (const [code, input] of inputs) input.setError(byField[code] ?? null);
  }

  async function submit(): Promise<void> {
    save.disabled = true;
    try {
      await submitOnce();
    } finally {
      save.disabled = false;
    }
  }

  async function submitOnce(): Promise<void> {
    showErrors("", {});
    banner.replaceChildren();
    const ev: KEvent = await bus.fire({ type: eventName(state, `app.record.${mode}.submit`), appId, record: read(), ...idPart() });
    const record = ev.record as RecordData;
    const fieldErrors = Object.fromEntries(
      Object.entries(record)
        .filter(([, f]) => typeof f.error === "string" && f.error)
        .map(([c, f]) => [c, f.error as string]),
    );
    if (typeof ev.error === "string" && ev.error) return showErrors(ev.error, fieldErrors);
    if (Object.keys(fieldErrors).length > 0)
      return showErrors(
        state.boot.user.language === "en" ? "Please check the fields in red." : "入力内容を確認してください。",
        fieldErrors,
      );
    const payload = Object.fromEntries(
      Object.entries(record)
        .filter(([c]) => inputs.has(c))
        .map(([c, f]) => [c, { value: valueForSave(f) }]),
    );
    let id = recordId;
    try {
      if (recordId) await rawApi("/k/v1/record.json", "PUT", { app: appId, id: recordId, record: payload });
      else id = ((await rawApi("/k/v1/record.json", "POST", { app: appId, record: payload })) as { id: string }).id;
    } catch (err) {
      const e = err as Partial<KintoneError>;
      const byField: Record<string, string> = {};
      for (const [key, v] of Object.entries(e.errors ?? {})) {
        const code = /^record\.([^.[]+)/.exec(key)?.[1];
        if (code) byField[code] = v.messages.join(" ");
      }
      return showErrors(errorText(err), byField);
    }
    const saved = ((await rawApi("/k/v1/record.json", "GET", { app: appId, id })) as { record: RecordData }).record;
    const done = await bus.fire({
      type: eventName(state, `app.record.${mode}.submit.success`),
      appId,
      recordId: Number(id),
      record: saved,
    });
    location.assign(typeof done.url === "string" && done.url ? done.url : showPath(state, id!));
  }
}

function valueForSave(f: FieldValue): unknown {
  if (f.type !== "SUBTABLE" || !Array.isArray(f.value)) return f.value;
  return (f.value as { id?: string; value: Record<string, FieldValue> }[]).map((row) => ({
    ...(row.id ? { id: row.id } : {}),
    value: Object.fromEntries(Object.entries(row.value).map(([k, v]) => [k, { value: v.value }])),
  }));
}
