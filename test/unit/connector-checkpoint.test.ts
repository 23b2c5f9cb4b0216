// The queries of the first import and the hourly sync: none compares a time for equality or pages on one.
import { describe, expect, it } from "vitest";
import { incrementalQuery, initialQuery, newestTime, windowStart } from "../../src/connector/sync/checkpoint";

describe("the hourly sync's window", () => {
  it("starts a minute before the checkpoint, so a record stored to the second inside the shown minute is read again", () => {
    expect(windowStart("2026-11-24T05:20:00Z")).toBe("2026-11-24T05:19:00Z");
    expect(windowStart(null)).toBeNull();
  });

  it("pages by record id inside a fixed window, never on a time", () => {
    expect(incrementalQuery("更新日時", "2026-11-24T05:19:00Z", "812")).toBe(
      '更新日時 >= "2026-11-24T05:19:00Z" and $id > 812 order by $id asc limit 500',
    );
    expect(incrementalQuery("Updated_datetime", null, "0")).toBe("$id > 0 order by $id asc limit 500");
  });

  it("keeps the newest time seen, in kintone's UTC form, whatever zone kintone wrote it in", () => {
    expect(newestTime(null, ["2026-11-24T05:00:00Z", "2026-11-24T14:07:00+09:00", ""])).toBe("2026-11-24T05:07:00Z");
    expect(newestTime("2026-11-24T06:00:00Z", ["2026-11-24T05:07:00Z"])).toBe("2026-11-24T06:00:00Z");
    expect(newestTime("2026-11-24T06:00:00Z", [])).toBe("2026-11-24T06:00:00Z");
  });
});

describe("the first import's query", () => {
  it("asks for the window and a phone field, newest first, with no limit (it runs over the cursor API)", () => {
    expect(initialQuery("更新日時", ["電話番号", "携帯電話"], "2026-09-25T05:00:00Z")).toBe(
      '更新日時 >= "2026-09-25T05:00:00Z" and (電話番号 != "" or 携帯電話 != "") order by 更新日時 desc, $id desc',
    );
  });
});
