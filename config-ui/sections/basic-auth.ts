// Basic認証 (IP制限): sent to the connector only. The user name is shown as typed and as saved; only the
// password is masked.
import type { ScreenContext } from "../context";
import { section } from "../dom";
import { secretControl, switchControl, textInput } from "../controls";

export function basicAuthSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings.basicAuth;
  return section(
    ctx.t("section.basicAuth"),
    "basic-auth",
    switchControl(ctx, {
      label: ctx.t("basicAuth.enabled"),
      target: "basicAuth.enabled",
      checked: s.enabled,
      onChange: (on) => (s.enabled = on),
    }),
    textInput(ctx, {
      label: ctx.t("basicAuth.user"),
      target: "secrets.basicAuthUser",
      // Blank means "keep the saved one", as for the secrets; what is saved is shown, so blank is only ever typed.
      // A name typed before the screen was rebuilt is shown again.
      value: ctx.draft.secrets.basicAuthUser || ctx.savedSecrets.basicAuthUser,
      onChange: (v) => (ctx.draft.secrets.basicAuthUser = v),
    }),
    secretControl(ctx, "basicAuthPassword", ctx.t("basicAuth.password")),
  );
}
