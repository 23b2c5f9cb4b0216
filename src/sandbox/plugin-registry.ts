// What the sandbox's pages load: the plugin as imported into the emulator (cli-kintone plugin upload, or the
// sandbox's own dist/plugin.zip imported at start and after each rebuild), so an upload is what the pages then run.
import type { KintoneEmulator } from "./kintone-emulator/types";
import { readPluginPackage, type PluginPackage, type PluginSource } from "./plugin-files";

export async function importedPluginSource(emulator: KintoneEmulator, dist: PluginSource): Promise<PluginSource> {
  let lastDist: PluginPackage | null = null;
  let shown: { id: string; stamp: number; pkg: PluginPackage } | null = null;

  // A new build of dist/plugin.zip is imported (or updated) as an administrator would with cli-kintone.
  async function importDist(): Promise<void> {
    const pkg = dist.current();
    if (!pkg || pkg === lastDist) return;
    lastDist = pkg;
    const zip = dist.zip?.();
    if (zip) await emulator.plugins.put(zip).catch(() => undefined);
  }

  async function load(): Promise<void> {
    const wanted = lastDist?.id ?? emulator.plugins.list().at(-1)?.id;
    const info = wanted ? emulator.plugins.list().find((p) => p.id === wanted) : undefined;
    if (!info) {
      shown = null;
      return;
    }
    if (shown && shown.id === info.id && shown.stamp === info.stamp) return;
    const zip = emulator.plugins.zip(info.id);
    if (!zip) return;
    shown = { id: info.id, stamp: info.stamp, pkg: await readPluginPackage(zip, `plugin ${info.id}`) };
  }

  await importDist();
  await load();
  return {
    // The project's own plugin (dist's ID) as last imported; without a build, the last plugin imported.
    current: () => shown?.pkg ?? lastDist,
    async refresh() {
      await dist.refresh();
      await importDist();
      await load();
    },
  };
}
