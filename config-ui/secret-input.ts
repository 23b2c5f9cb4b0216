// A masked input for a secret. The saved value is never put in the DOM: only whether one exists. A value typed before the
// screen was rebuilt is put back as the input's value (a property, never an attribute).
import { h } from "./dom";

export interface SecretInput {
  el: HTMLElement;
  setError(message: string): void;
  clear(): void;
}

let counter = 0;

export function secretInput(opts: {
  label: string;
  saved: boolean;
  savedText: string;
  notSavedText: string;
  target: string;
  /** Typed before a rebuild of the screen, not yet saved. */
  typed?: string;
  onInput(value: string): void;
}): SecretInput {
  const id = `cc-secret-${++counter}`;
  const input = h("input", {
    className: "cc-input",
    attrs: {
      id,
      type: "password",
      autocomplete: "new-password",
      spellcheck: "false",
      "aria-describedby": `${id}-state ${id}-error`,
    },
  });
  input.value = opts.typed ?? "";
  input.addEventListener("input", () => opts.onInput(input.value));
  const state = h(
    "span",
    { className: opts.saved ? "cc-secret-state cc-secret-saved" : "cc-secret-state", attrs: { id: `${id}-state` } },
    opts.saved ? opts.savedText : opts.notSavedText,
  );
  const error = h("div", { className: "cc-error", attrs: { id: `${id}-error`, role: "alert" } });
  error.hidden = true;
  const el = h(
    "div",
    { className: "cc-row cc-secret", attrs: { "data-setting": opts.target } },
    h("label", { className: "cc-label", attrs: { for: id } }, opts.label),
    h("div", { className: "cc-secret-line" }, input, state),
    error,
  );
  return {
    el,
    setError(message) {
      error.textContent = message;
      error.hidden = message === "";
      input.setAttribute("aria-invalid", String(message !== ""));
    },
    clear() {
      input.value = "";
    },
  };
}
