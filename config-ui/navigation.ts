// Where キャンセル and "back" go: the app's plug-in list, in a guest space too. Pure.

/** `/k/admin/app/{id}/plugin/` (or `/k/guest/{space}/admin/app/{id}/plugin/`), read from the config page's own path. */
export function pluginListPath(pathname: string, appId: string): string {
  const here = /^(\/k\/(?:guest\/\d+\/)?admin\/app\/\d+\/plugin\/)/.exec(pathname);
  return here?.[1] ?? `/k/admin/app/${encodeURIComponent(appId)}/plugin/`;
}
