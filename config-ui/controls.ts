// kuc controls bound to the draft. Components are imported one by one to keep config.js small.
import { Dropdown } from "kintone-ui-component/lib/dropdown/index.js";
import { MultiChoice } from "kintone-ui-component/lib/multichoice/index.js";
import { Text } from "kintone-ui-component/lib/text/index.js";
import { Switch } from "kintone-ui-component/lib/switch/index.js";
import type { FormField } from "./fields";
import type { ScreenContext } from "./context";
import { h, row } from "./dom";
import { secretInput } from "./secret-input";
import type { SecretName } from "./validation";

type Item = { label: string; value: string };

const fieldItem = (f: FormField): Item => ({ label: `${f.label} (${f.code})`, value: f.code });

/** Keeps a saved code that is no longer offered visible, so the screen restores it exactly and validation can name it. */
function withMissing(items: Item[], values: string[]): Item[] {
  const known = new Set(items.map((i) => i.value));
  return [...items, ...values.filter((v) => v && !known.has(v)).map((v) => ({ label: `${v} (?)`, value: v }))];
}

export function fieldDropdown(
  ctx: ScreenContext,
  opts: { label: string; target: string; candidates: FormField[]; value: string; onChange(code: string): void },
): { el: HTMLElement; setCandidates(fields: FormField[], value: string, disabled?: boolean): void } {
  const build = (fields: FormField[], value: string) =>
    withMissing([{ label: ctx.t("mapping.none"), value: "" }, ...fields.map(fieldItem)], [value]);
  const dd = new Dropdown({ label: opts.label, items: build(opts.candidates, opts.value), value: opts.value });
  dd.addEventListener("change", (e) => {
    opts.onChange(String((e as CustomEvent<{ value?: string }>).detail.value ?? ""));
    ctx.changed();
  });
  ctx.errors.register(opts.target, (m) => (dd.error = m));
  return {
    el: row(opts.target, dd),
    setCandidates(fields, value, disabled = false) {
      dd.items = build(fields, value);
      dd.value = value;
      dd.disabled = disabled;
    },
  };
}

/** A dropdown of fixed choices (apps, Space fields); a saved value no longer offered stays visible. */
export function choiceDropdown(
  ctx: ScreenContext,
  opts: { target: string; label: string; items: Item[]; value: string },
  onChange: (v: string) => void,
): HTMLElement {
  const dd = new Dropdown({ label: opts.label, items: withMissing(opts.items, [opts.value]), value: opts.value });
  dd.addEventListener("change", (e) => {
    onChange(String((e as CustomEvent<{ value?: string }>).detail.value ?? ""));
    ctx.changed();
  });
  ctx.errors.register(opts.target, (m) => (dd.error = m));
  return row(opts.target, dd);
}

export function fieldMultiChoice(
  ctx: ScreenContext,
  opts: { label: string; target: string; candidates: FormField[]; value: string[]; onChange(codes: string[]): void },
): HTMLElement {
  const mc = new MultiChoice({ label: opts.label, items: withMissing(opts.candidates.map(fieldItem), opts.value), value: [...opts.value] });
  mc.addEventListener("change", (e) => {
    opts.onChange([...((e as CustomEvent<{ value?: string[] }>).detail.value ?? [])]);
    ctx.changed();
  });
  ctx.errors.register(opts.target, (m) => (mc.error = m));
  return row(opts.target, mc);
}

export function textInput(
  ctx: ScreenContext,
  opts: { label: string; target: string; value: string; placeholder?: string; onChange(v: string): void },
): HTMLElement {
  const text = new Text({ label: opts.label, value: opts.value, placeholder: opts.placeholder ?? "" });
  text.className = "cc-text";
  const update = (e: Event) => opts.onChange(String((e as CustomEvent<{ value?: string }>).detail.value ?? ""));
  text.addEventListener("input", update);
  text.addEventListener("change", update);
  ctx.errors.register(opts.target, (m) => (text.error = m));
  return row(opts.target, text);
}

export function switchControl(
  ctx: ScreenContext,
  opts: { label: string; target: string; checked: boolean; onChange(on: boolean): void },
): HTMLElement {
  const sw = new Switch({ label: opts.label, checked: opts.checked, labelPlacement: "right" });
  sw.addEventListener("change", (e) => {
    opts.onChange(Boolean((e as CustomEvent<{ checked: boolean }>).detail.checked));
    ctx.changed();
  });
  const error = document.createElement("div");
  error.className = "cc-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  ctx.errors.register(opts.target, (m) => {
    error.textContent = m;
    error.hidden = m === "";
  });
  return row(opts.target, sw, error);
}

/** The error line under a control kuc gives no error slot (its tables): shown for `target`, hidden when empty. */
export function errorLine(ctx: ScreenContext, target: string): HTMLElement {
  const error = h("div", { className: "cc-error", attrs: { role: "alert" } });
  error.hidden = true;
  ctx.errors.register(target, (m) => {
    error.textContent = m;
    error.hidden = m === "";
  });
  return error;
}

export function secretControl(ctx: ScreenContext, name: SecretName, label: string): HTMLElement {
  const input = secretInput({
    label,
    saved: ctx.draft.saved[name],
    savedText: ctx.t("secret.saved"),
    notSavedText: ctx.t("secret.not_saved"),
    target: `secrets.${name}`,
    typed: ctx.draft.secrets[name],
    onInput: (v) => (ctx.draft.secrets[name] = v),
  });
  ctx.errors.register(`secrets.${name}`, (m) => input.setError(m));
  return input.el;
}
