// The `kintone` object the page's scripts see: desktop namespace plus `kintone.mobile`.
import type { EventBus } from "./events";
import type { PageState, RecordData } from "./state";
import { api, apiUrl } from "./api";
import { createPluginApp, createProxy } from "./plugin";

function recordApi(state: PageState) {
  return {
    getId: () => (state.recordId === null ? null : Number(state.recordId)),
    get: () => (state.readRecord ? { record: structuredClone(state.readRecord()) } : null),
    set: (value: { record: RecordData }) => {
      if (!state.writeRecord) throw new Error("kintone.app.record.set() can be used only on the record create and edit pages.");
      state.writeRecord(value.record);
    },
    getSpaceElement: (id: string) => state.spaceElements.get(id) ?? null,
    getFieldElement: (code: string) => state.fieldElements.get(code) ?? null,
    getHeaderMenuSpaceElement: () => state.headerSpace,
    setFieldShown: (code: string, shown: boolean) => {
      const el = state.fieldElements.get(code)?.closest<HTMLElement>(".k-field");
      if (el) el.style.display = shown ? "" : "none";
    },
  };
}

function appApi(state: PageState) {
  return {
    getId: () => state.boot.appId,
    getFieldElements: (code: string) => state.listCells.get(code) ?? null,
    getHeaderMenuSpaceElement: () => state.headerSpace,
    getHeaderSpaceElement: () => state.headerSpace,
    getQueryCondition: () => (state.listQuery === null ? null : ""),
    getQuery: () => state.listQuery,
    record: recordApi(state),
  };
}

export function createKintoneGlobal(state: PageState, bus: EventBus) {
  const events = { on: bus.on, off: bus.off };
  const plugin = { app: createPluginApp(state.boot) };
  return {
    events,
    api: Object.assign(api, {
      url: apiUrl,
      urlForGet: (path: string, params: Record<string, string>) => `${apiUrl(path)}?${new URLSearchParams(params)}`,
    }),
    proxy: createProxy(),
    plugin,
    app: appApi(state),
    mobile: { app: appApi(state) },
    getLoginUser: () => ({ ...state.boot.user }),
    getUiVersion: () => 2,
    /** The sandbox's session calls need no request token; kintone's scripts still ask for one. */
    getRequestToken: () => "sandbox-request-token",
    getConcurrencyLimit: () => Promise.resolve({ limit: 100, running: 0 }),
    Promise: window.Promise,
    /** Set by each plugin script's prefix while it loads, as kintone does. */
    $PLUGIN_ID: "",
  };
}
