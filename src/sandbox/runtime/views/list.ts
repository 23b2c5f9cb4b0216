// The list view (/k/{app}/ and /k/m/{app}/): 20 records a page, newest first; app.record.index.show after render.
import { h, content, errorBanner } from "../dom";
import { rawApi } from "../api";
import type { EventBus } from "../events";
import type { FieldValue, PageState, RecordData } from "../state";
import { textOf, valueNode } from "../values";
import { editInline } from "./inline-edit";
import { appPath, confirmDelete, errorText, eventName, layoutCodes, loadForm, showPath, words } from "./common";

const PAGE_SIZE = 20;
const LONG_VALUE = 80;
const LISTED = new Set([
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "CALC",
  "LINK",
  "DATETIME",
  "DATE",
  "TIME",
  "DROP_DOWN",
  "RADIO_BUTTON",
  "USER_SELECT",
  "UPDATED_TIME",
  "RECORD_NUMBER",
  "CHECK_BOX",
]);
const SYSTEM = new Set(["RECORD_NUMBER", "UPDATED_TIME", "CREATED_TIME", "CREATOR", "MODIFIER"]);

export async function renderList(state: PageState, bus: EventBus): Promise<void> {
  const t = words(state);
  const appId = state.boot.appId!;
  const root = content();
  const offset = Math.max(0, Number(new URLSearchParams(location.search).get("offset") ?? 0) || 0);
  const form = await loadForm(appId);
  state.listQuery = `order by $id desc limit ${PAGE_SIZE} offset ${offset}`;
  const { records, totalCount } = (await rawApi("/k/v1/records.json", "GET", { app: appId, query: state.listQuery, totalCount: true })) as {
    records: RecordData[];
    totalCount: string;
  };
  const total = Number(totalCount);
  const listed = layoutCodes(form).filter((c) => LISTED.has(form.props[c]?.type ?? ""));
  // Mobile lists show a card per record: the first text field as its title, then the next three listed fields.
  const title = listed.find((c) => form.props[c]?.type === "SINGLE_LINE_TEXT");
  const columns = state.mobile
    ? [...(title ? [title] : []), ...listed.filter((c) => c !== title && !SYSTEM.has(form.props[c]?.type ?? "")).slice(0, 3)]
    : listed;
  const idOf = (r: RecordData) => String((r.$id as FieldValue).value);
  const tz = state.boot.user.timezone;
  const lang = state.boot.user.language;

  state.headerSpace = h("div", { className: "k-header-space" });
  const toolbar = h(
    "div",
    { className: "k-toolbar" },
    h("h1", {}, state.boot.appName),
    h("a", { className: "k-button k-primary", attrs: { href: appPath(state, "edit") } }, t("add")),
    state.headerSpace,
  );
  const pager = h(
    "div",
    { className: "k-pager" },
    offset > 0 ? h("a", { attrs: { href: `?offset=${Math.max(0, offset - PAGE_SIZE)}`, rel: "prev" } }, t("prev")) : null,
    h("span", {}, total === 0 ? t("noRecords") : t("records", { from: offset + 1, to: offset + records.length, total })),
    offset + records.length < total ? h("a", { attrs: { href: `?offset=${offset + PAGE_SIZE}`, rel: "next" } }, t("next")) : null,
  );
  for (const c of columns) state.listCells.set(c, []);
  const banner = h("div");

  async function remove(record: RecordData): Promise<void> {
    if (!(await confirmDelete(t))) return;
    const id = idOf(record);
    const ev = await bus.fire({ type: "app.record.index.delete.submit", appId, recordId: Number(id), record });
    if (typeof ev.error === "string" && ev.error) return void banner.replaceChildren(errorBanner(ev.error));
    try {
      await rawApi("/k/v1/records.json", "DELETE", { app: appId, ids: [id] });
      location.reload();
    } catch (err) {
      banner.replaceChildren(errorBanner(errorText(err)));
    }
  }

  let body: HTMLElement;
  if (state.mobile) {
    body = h(
      "ul",
      { className: "k-mlist" },
      ...records.map((r) => {
        const [first, ...rest] = columns;
        const cell = h("span", {}, textOf(r[first ?? ""], tz, lang));
        if (first) state.listCells.get(first)!.push(cell);
        // Other fields sit outside the card's link: a plugin may put its own links (click-to-call) in them.
        const lines = rest.map((c) => {
          const line = h("div", { className: "k-mline", attrs: { "data-field": c } }, valueNode(form.props[c], r[c], tz, lang));
          state.listCells.get(c)!.push(line);
          return line;
        });
        return h("li", { attrs: { "data-record-id": idOf(r) } }, h("a", { attrs: { href: showPath(state, idOf(r)) } }, cell), ...lines);
      }),
    );
  } else {
    body = h(
      "table",
      { className: "k-list" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), ...columns.map((c) => h("th", {}, form.props[c]!.label)), h("th", {}, ""))),
      h(
        "tbody",
        {},
        ...records.map((r) => {
          const cells = new Map<string, HTMLTableCellElement>();
          const tr = h(
            "tr",
            { attrs: { "data-record-id": idOf(r) } },
            h(
              "td",
              {},
              h(
                "a",
                { attrs: { href: showPath(state, idOf(r)), title: t("details"), "aria-label": t("details") } },
                h("span", { className: "k-doc-icon" }),
              ),
            ),
            ...columns.map((c) => {
              const value = valueNode(form.props[c], r[c], tz, lang);
              // The cell shows a few lines of a long value; the rest is on hover, as kintone does.
              if ((value.textContent ?? "").length > LONG_VALUE) value.title = value.textContent ?? "";
              const cell = h("td", { attrs: { "data-field": c } }, value);
              state.listCells.get(c)!.push(cell);
              cells.set(c, cell);
              return cell;
            }),
          );
          const edit = () =>
            void editInline(state, bus, form.props, { tr, record: r, cells }, banner, { save: t("save"), cancel: t("cancel") }).catch(
              (err: unknown) => banner.replaceChildren(errorBanner(errorText(err))),
            );
          tr.append(
            h(
              "td",
              { className: "k-row-actions" },
              h("button", { className: "k-inline-edit", attrs: { type: "button", title: t("edit") }, on: { click: edit } }, "✎"),
              h(
                "button",
                { className: "k-delete", attrs: { type: "button", title: t("delete") }, on: { click: () => void remove(r) } },
                "✕",
              ),
            ),
          );
          return tr;
        }),
      ),
    );
  }
  root.replaceChildren(toolbar, banner, pager, body);
  await bus.fire({
    type: eventName(state, "app.record.index.show"),
    appId,
    viewType: "list",
    viewId: 20,
    viewName: "(すべて)",
    records,
    offset,
    size: records.length,
    date: null,
  });
}
