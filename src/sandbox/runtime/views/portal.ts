// The portal (/k/, /k/m/): the apps the user can open.
import { h, content } from "../dom";
import { rawApi } from "../api";
import type { PageState } from "../state";
import { words } from "./common";

export async function renderPortal(state: PageState): Promise<void> {
  const { apps } = (await rawApi("/k/v1/apps.json", "GET", {})) as { apps: { appId: string; name: string }[] };
  const base = state.mobile ? "/k/m" : "/k";
  content().replaceChildren(
    h(
      "div",
      { className: "k-card" },
      h("h1", {}, words(state)("apps")),
      h("ul", { className: "k-apps" }, ...apps.map((a) => h("li", {}, h("a", { attrs: { href: `${base}/${a.appId}/` } }, a.name)))),
    ),
  );
}
