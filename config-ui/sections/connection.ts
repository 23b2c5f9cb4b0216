// コールコネクト接続: base URL, token, and the 接続確認 button.
import { Button } from "kintone-ui-component/lib/button/index.js";
import { normalizeBaseUrl, urlProblem } from "../validation";
import { bearer, CALLCONNECT_TOKEN_HEADER } from "../../src/shared/contract/headers";
import { describeError, type ScreenContext } from "../context";
import { folded, h, section } from "../dom";
import { secretControl, textInput } from "../controls";
import { pingCallConnect, type PingResult } from "../connection-check";
import { networkFailureText } from "../network-failure";

function describe(ctx: ScreenContext, r: Exclude<PingResult, { kind: "ok" }>, url: string): string {
  switch (r.kind) {
    case "unauthorized":
      return ctx.t("connection.unauthorized", { status: r.status });
    case "not_found":
      return ctx.t("connection.not_found");
    case "server_error":
      return ctx.t("connection.server_error", { status: r.status });
    case "other_status":
      return ctx.t("connection.other_status", { status: r.status });
    case "bad_body":
      return ctx.t("connection.bad_body");
    default:
      return networkFailureText(ctx.t, r.kind, "callconnect", url);
  }
}

/** The token to test: the typed one, else the one saved for this URL, else the one saved for the previous URL. */
function tokenFor(ctx: ScreenContext, baseUrl: string): string {
  const typed = ctx.draft.secrets.callconnectToken.trim();
  if (typed) return typed;
  const auth = ctx.getProxyConfig(baseUrl, "GET")?.headers[CALLCONNECT_TOKEN_HEADER] ?? "";
  const prefix = bearer("");
  return auth.startsWith(prefix) ? auth.slice(prefix.length) : ctx.savedSecrets.callconnectToken;
}

export function connectionSection(ctx: ScreenContext): HTMLElement {
  const s = ctx.draft.settings;
  const result = h("div", { className: "cc-check-result", attrs: { role: "status", "data-setting": "callconnect.check" } });
  const button = new Button({ text: ctx.t("connection.check"), type: "normal" });
  const showFailure = (sentence: string, details: string) => {
    const more = folded(ctx.t("details"), details);
    result.className = "cc-check-result cc-check-failed";
    result.replaceChildren(h("p", {}, sentence), ...(more ? [more] : []));
  };
  button.addEventListener("click", async () => {
    const baseUrl = normalizeBaseUrl(s.callconnect.baseUrl);
    const problem = baseUrl === "" ? "url.required" : urlProblem(baseUrl);
    if (problem) return showFailure(ctx.t(problem), "");
    const token = tokenFor(ctx, baseUrl);
    if (!token) return showFailure(ctx.t("connection.no_token"), "");
    button.disabled = true;
    result.className = "cc-check-result";
    result.textContent = ctx.t("connection.checking");
    try {
      const r = await pingCallConnect(ctx.proxy, baseUrl, token);
      if (r.kind !== "ok") return showFailure(describe(ctx, r, baseUrl), r.details);
      result.className = "cc-check-result cc-check-ok";
      result.textContent = ctx.t("connection.ok", { account: r.account });
    } catch (err) {
      showFailure(networkFailureText(ctx.t, "unreachable", "callconnect", baseUrl), describeError(err));
    } finally {
      button.disabled = false;
    }
  });
  return section(
    ctx.t("section.connection"),
    "connection",
    textInput(ctx, {
      label: ctx.t("connection.baseUrl"),
      target: "callconnect.baseUrl",
      value: s.callconnect.baseUrl,
      placeholder: "https://",
      onChange: (v) => (s.callconnect.baseUrl = v),
    }),
    secretControl(ctx, "callconnectToken", ctx.t("connection.token")),
    h("div", { className: "cc-row cc-check" }, button, result),
  );
}
