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

  function applyForm(form: AppForm, disabled = false): void {
    for (const { key, control } of mappings) control.setCandidates(candidatesFor(`history.${key}`, form), s.fields[key], disabled);
    refusals.set(refusedFor("history.recordingUrls", form).map((r) => ctx.t(r.reason, { code: r.field.code })));
  }

  /** `chosenNow`: the admin picked this app just now, so codes of the previous app that it lacks are dropped. */
  async function loadForm(appId: string, chosenNow: boolean): Promise<void> {
    loadError.set([]);
    ctx.historyForm = null;
    if (!appId) {
      // Codes of no app can only mislead (「TEL_E164 (?)」): without an app there is nothing to map.
      for (const key of HISTORY_FIELD_KEYS) s.fields[key] = "";
      return applyForm(EMPTY_FORM, true); // runs before the screen exists: no ctx.changed() here
    }
    try {
      const form = appFormOf(await ctx.api.formFields(appId));
      if (chosenNow) for (const key of HISTORY_FIELD_KEYS) if (!form.fields.some((f) => f.code === s.fields[key])) s.fields[key] = "";
      ctx.historyForm = form;
      applyForm(form);
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
  const spaceItems = [
    { label: ctx.t("history.panel_end"), value: "" },
    ...ctx.spaceIds.map((id) => ({ label: ctx.t("history.space_item", { id }), value: id })),
  ];
  const spaceHints = noteBox("info");
  spaceHints.el.setAttribute("data-setting", "history.spaces");
  spaceHints.set([
    ...(ctx.spaceIds.length === 0 ? [ctx.t("history.no_spaces")] : []),
    ...(ctx.unnamedSpaces > 0 ? [ctx.t("history.unnamed_spaces", { count: ctx.unnamedSpaces })] : []),
  ]);

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
      void loadForm(v, true);
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
    spaceHints.el,
  );
  return { el, setWarnings: warnings.set, ready: loadForm(s.appId, false) };
}
