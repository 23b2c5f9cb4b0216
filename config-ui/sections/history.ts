// 通話履歴の作成: the history app, its token, its field mapping and where the panel goes on the customer record.
import { HISTORY_FIELD_KEYS } from "../../src/shared/settings";
import { appFormOf, candidatesFor, refusedFor, type AppForm } from "../fields";
import type { AppSummary } from "../../src/kintone-js/api";
import { describeError, type ScreenContext } from "../context";
import { h, noteBox, section } from "../dom";
import { choiceDropdown, fieldDropdown, secretControl, switchControl } from "../controls";

const EMPTY_FORM: AppForm = { fields: [], subtableFields: [] };

export function historySection(
  ctx: ScreenContext,
  apps: AppSummary[],
): { el: HTMLElement; setWarnings(lines: string[]): void; ready: Promise<void> } {
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

  const appItems = [
    { label: "—", value: "" },
    ...apps.filter((a) => a.appId !== ctx.appId).map((a) => ({ label: `${a.name} (${a.appId})`, value: a.appId })),
  ];
  const spaceItems = [{ label: ctx.t("history.panel_end"), value: "" }, ...ctx.spaceIds.map((id) => ({ label: id, value: id }))];

  const el = section(
    ctx.t("section.history"),
    "history",
    switchControl(ctx, {
      label: ctx.t("history.enabled"),
      target: "history.enabled",
      checked: s.enabled,
      onChange: (on) => (s.enabled = on),
    }),
    choiceDropdown(ctx, { target: "history.appId", label: ctx.t("history.appId"), items: appItems, value: s.appId }, (v) => {
      s.appId = v;
      void loadForm(v);
    }),
    secretControl(ctx, "historyApiToken", ctx.t("history.token")),
    loadError.el,
    h("div", { className: "cc-grid" }, ...mappings.map((m) => m.control.el)),
    refusals.el,
    warnings.el,
    choiceDropdown(
      ctx,
      { target: "history.panelSpaceId", label: ctx.t("history.panelSpaceId"), items: spaceItems, value: s.panelSpaceId },
      (v) => (s.panelSpaceId = v),
    ),
  );
  return { el, setWarnings: warnings.set, ready: loadForm(s.appId) };
}
