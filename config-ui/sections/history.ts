// 通話履歴の作成: the history app, its token, its field mapping and where the panel goes on the customer record.
import { Dropdown } from "kintone-ui-component/lib/dropdown/index.js";
import { HISTORY_FIELD_KEYS } from "../../src/core/settings";
import { appFormOf, candidatesFor, refusedFor, type AppForm } from "../../src/core/fields";
import type { AppSummary } from "../../src/kintone/api";
import { describeError, type ScreenContext } from "../context";
import { h, noteBox, row, section } from "../dom";
import { fieldDropdown, secretControl, switchControl } from "../controls";

const EMPTY_FORM: AppForm = { fields: [], subtableFields: [] };

function plainDropdown(ctx: ScreenContext, target: string, label: string, items: { label: string; value: string }[], value: string, onChange: (v: string) => void): HTMLElement {
  if (value && !items.some((i) => i.value === value)) items.push({ label: `${value} (?)`, value });
  const dd = new Dropdown({ label, items, value });
  dd.addEventListener("change", (e) => {
    onChange(String((e as CustomEvent<{ value?: string }>).detail.value ?? ""));
    ctx.changed();
  });
  ctx.errors.register(target, (m) => (dd.error = m));
  return row(target, dd);
}

export function historySection(ctx: ScreenContext, apps: AppSummary[]): { el: HTMLElement; setWarnings(lines: string[]): void; ready: Promise<void> } {
  const s = ctx.draft.settings.history;
  const warnings = noteBox("warning");
  warnings.el.setAttribute("data-setting", "history.required");
  const loadError = noteBox("warning");
  const refusals = noteBox("info");
  refusals.el.setAttribute("data-setting", "history.refused");

  const mappings = HISTORY_FIELD_KEYS.map((key) => ({
    key,
    control: fieldDropdown(ctx, {
      label: ctx.t(`history.field.${key}`),
      target: `history.fields.${key}`,
      candidates: [],
      value: s.fields[key],
      onChange: (code) => (s.fields[key] = code),
    }),
  }));

  function applyForm(form: AppForm): void {
    for (const { key, control } of mappings) control.setCandidates(candidatesFor(`history.${key}`, form), s.fields[key]);
    refusals.set(refusedFor("history.recordingUrls", form).map((r) => ctx.t(r.reason, { code: r.field.code })));
  }

  async function loadForm(appId: string): Promise<void> {
    loadError.set([]);
    ctx.historyForm = null;
    if (!appId) return applyForm(EMPTY_FORM);
    try {
      ctx.historyForm = appFormOf(await ctx.api.formFields(appId));
      applyForm(ctx.historyForm);
    } catch (err) {
      applyForm(EMPTY_FORM);
      loadError.set([ctx.t("history.fields_failed", { reason: describeError(err) })]);
    }
    ctx.changed();
  }

  const appItems = [{ label: "—", value: "" }, ...apps.filter((a) => a.appId !== ctx.appId).map((a) => ({ label: `${a.name} (${a.appId})`, value: a.appId }))];
  const spaceItems = [{ label: ctx.t("history.panel_end"), value: "" }, ...ctx.spaceIds.map((id) => ({ label: id, value: id }))];

  const el = section(
    ctx.t("section.history"),
    "history",
    switchControl(ctx, { label: ctx.t("history.enabled"), target: "history.enabled", checked: s.enabled, onChange: (on) => (s.enabled = on) }),
    plainDropdown(ctx, "history.appId", ctx.t("history.appId"), appItems, s.appId, (v) => {
      s.appId = v;
      void loadForm(v);
    }),
    secretControl(ctx, "historyApiToken", ctx.t("history.token")),
    loadError.el,
    h("div", { className: "cc-grid" }, ...mappings.map((m) => m.control.el)),
    refusals.el,
    warnings.el,
    plainDropdown(ctx, "history.panelSpaceId", ctx.t("history.panelSpaceId"), spaceItems, s.panelSpaceId, (v) => (s.panelSpaceId = v)),
  );
  return { el, setWarnings: warnings.set, ready: loadForm(s.appId) };
}
