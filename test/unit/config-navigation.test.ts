import { describe, expect, it } from "vitest";
import { pluginListPath } from "../../config-ui/navigation";

describe("キャンセル goes to the app's plug-in list", () => {
  it("takes it from the config page's own path, in a guest space too", () => {
    expect(pluginListPath("/k/admin/app/12/plugin/config", "12")).toBe("/k/admin/app/12/plugin/");
    expect(pluginListPath("/k/guest/3/admin/app/12/plugin/config", "12")).toBe("/k/guest/3/admin/app/12/plugin/");
  });

  it("falls back to kintone's address for the app when the page is elsewhere", () => {
    expect(pluginListPath("/plugin/config", "1")).toBe("/k/admin/app/1/plugin/");
  });
});
