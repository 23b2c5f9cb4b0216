// Basic認証 (IP制限): the user and password are secrets, sent to the connector only.
import type { ScreenContext } from "../context";
import { section } from "../dom";
import { secretControl, switchControl } from "../controls";

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
    secretControl(ctx, "basicAuthUser", ctx.t("basicAuth.user"), false),
    secretControl(ctx, "basicAuthPassword", ctx.t("basicAuth.password")),
  );
}
