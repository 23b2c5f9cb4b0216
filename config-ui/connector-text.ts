// The connector's failures as plain sentences; the raw error, if any, folded under them.
import type { ScreenContext } from "./context";
import type { ConnectorFailure } from "./connector-client";
import { folded, h } from "./dom";
import { classifyNetworkFailure, networkFailureText } from "./network-failure";

export function connectorFailureText(ctx: ScreenContext, f: ConnectorFailure): string {
  switch (f.kind) {
    case "unreachable": {
      const url = ctx.draft.settings.connector.url;
      return networkFailureText(ctx.t, classifyNetworkFailure(f.reason, url), "connector", url);
    }
    case "unauthorized":
      return ctx.t("connector.unauthorized", { status: f.status });
    case "other_status":
      return ctx.t("connector.other_status", { status: f.status });
    case "bad_body":
      return ctx.t("connector.bad_body");
  }
}

export function failureNote(ctx: ScreenContext, sentence: string, f: ConnectorFailure): HTMLElement[] {
  const more = f.kind === "unreachable" ? folded(ctx.t("details"), f.reason) : null;
  return [h("p", {}, sentence), ...(more ? [more] : [])];
}
