import { describe, expect, it } from "vitest";
import { advance, incrementalQuery, initialQuery, isFresh, type Checkpoint } from "../../src/connector/sync/checkpoint";

const rec = (id: string, revision: string, updated: string) => ({ id, revision, updated });

describe("the hourly sync's checkpoint", () => {
  it("pages by the last (time, id) read, not by offset", () => {
    expect(incrementalQuery("更新日時", { at: "2026-11-24T05:00:00Z", keys: [] }, { updated: "2026-11-24T05:07:00Z", id: "812" })).toBe(
      '(更新日時 > "2026-11-24T05:07:00Z" or (更新日時 = "2026-11-24T05:07:00Z" and $id > 812)) order by 更新日時 asc, $id asc limit 500',
    );
  });

  it("moves to the newest second and remembers every record sent at it", () => {
    const cp = advance({ at: null, keys: [] }, [
      rec("1", "3", "2026-11-24T05:00:00Z"),
      rec("2", "1", "2026-11-24T05:00:07Z"),
      rec("3", "4", "2026-11-24T05:00:07Z"),
    ]);
    expect(cp).toEqual({ at: "2026-11-24T05:00:07Z", keys: ["2:1", "3:4"] });
  });

  it("skips what was sent at the checkpoint's second but not a new revision in that same second", () => {
    const cp: Checkpoint = { at: "2026-11-24T05:00:07Z", keys: ["2:1", "3:4"] };
    expect(isFresh(rec("2", "1", "2026-11-24T05:00:07Z"), cp)).toBe(false);
    expect(isFresh(rec("2", "2", "2026-11-24T05:00:07Z"), cp)).toBe(true);
    expect(isFresh(rec("9", "1", "2026-11-24T05:00:07Z"), cp)).toBe(true);
    expect(isFresh(rec("2", "1", "2026-11-24T05:00:08Z"), cp)).toBe(true);
  });

  it("keeps the earlier keys while the second does not change, and drops them when it does", () => {
    const cp: Checkpoint = { at: "2026-11-24T05:00:07Z", keys: ["2:1"] };
    expect(advance(cp, [rec("5", "1", "2026-11-24T05:00:07Z")]).keys).toEqual(["2:1", "5:1"]);
    expect(advance(cp, [rec("5", "1", "2026-11-24T05:00:09Z")])).toEqual({ at: "2026-11-24T05:00:09Z", keys: ["5:1"] });
    expect(advance(cp, [])).toEqual(cp);
  });

  it("compares times, not notations", () => {
    const cp = advance({ at: null, keys: [] }, [rec("1", "1", "2026-11-24T14:00:07+09:00")]);
    expect(cp.at).toBe("2026-11-24T05:00:07Z");
    expect(isFresh(rec("1", "1", "2026-11-24T05:00:07.000Z"), cp)).toBe(false);
  });

  it("queries by the resolved field code, oldest first, and the first import newest first with a phone", () => {
    expect(incrementalQuery("Updated_datetime", { at: "2026-11-24T05:00:07Z", keys: [] }, null)).toBe(
      'Updated_datetime >= "2026-11-24T05:00:07Z" order by Updated_datetime asc, $id asc limit 500',
    );
    expect(initialQuery("更新日時", ["電話番号", "携帯電話"], "2026-09-25T05:00:00Z", null)).toBe(
      '更新日時 >= "2026-09-25T05:00:00Z" and (電話番号 != "" or 携帯電話 != "") order by 更新日時 desc, $id desc limit 500',
    );
    expect(initialQuery("更新日時", ["電話番号"], "2026-09-25T05:00:00Z", { updated: "2026-11-01T00:00:00Z", id: "9" })).toBe(
      '更新日時 >= "2026-09-25T05:00:00Z" and (電話番号 != "") and (更新日時 < "2026-11-01T00:00:00Z" or (更新日時 = "2026-11-01T00:00:00Z" and $id < 9)) order by 更新日時 desc, $id desc limit 500',
    );
  });
});
