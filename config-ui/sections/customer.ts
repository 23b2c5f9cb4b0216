// 顧客アプリのフィールド and 顧客作成.
import { CUSTOMER_FIELD_KEYS } from "../../src/shared/settings";
import { candidatesFor } from "../fields";
import type { ScreenContext } from "../context";
import { h, noteBox, section } from "../dom";
import { fieldDropdown, fieldMultiChoice, switchControl } from "../controls";

export function customerSection(ctx: ScreenContext): { el: HTMLElement; setWarnings(lines: string[]): void } {
  const s = ctx.draft.settings.customer;
  const warnings = noteBox("warning");
  warnings.el.setAttribute("data-setting", "customer.required");
  const subtable = ctx.customerForm.subtableFields;
  const note = subtable.length
    ? h(
        "p",
        { className: "cc-note cc-note-info", attrs: { "data-setting": "customer.subtable" } },
        ctx.t("customer.subtable_note", { fields: subtable.map((f) => f.label).join("、") }),
      )
    : null;
  const el = section(
    ctx.t("section.customer"),
    "customer",
    fieldMultiChoice(ctx, {
      label: ctx.t("customer.phoneFields"),
      target: "customer.phoneFields",
      candidates: candidatesFor("customer.phone", ctx.customerForm),
      value: s.phoneFields,
      onChange: (codes) => (s.phoneFields = codes),
    }),
    ...CUSTOMER_FIELD_KEYS.map(
      (key) =>
        fieldDropdown(ctx, {
          label: ctx.t(`customer.${key}`),
          target: `customer.fields.${key}`,
          candidates: candidatesFor(`customer.${key}`, ctx.customerForm),
          value: s.fields[key],
          onChange: (code) => (s.fields[key] = code),
        }).el,
    ),
    note,
    warnings.el,
  );
  return { el, setWarnings: warnings.set };
}

export function createCustomersSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings.customer;
  return section(
    ctx.t("section.create"),
    "create",
    switchControl(ctx, {
      label: ctx.t("create.label"),
      target: "customer.createUnknownCallers",
      checked: s.createUnknownCallers,
      onChange: (on) => (s.createUnknownCallers = on),
    }),
  );
}
