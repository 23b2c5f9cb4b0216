// The connector's status as the config screen words it for an administrator.
import { describe, expect, it } from "vitest";
import { translator } from "../../src/shared/i18n";
import { configMessages } from "../../config-ui/messages";
import { describeConnectorStatus } from "../../config-ui/connector-status";

const ja = translator(configMessages, "ja");
const en = translator(configMessages, "en");

const healthy = {
  app: "1",
  syncing: false,
  lastSyncAt: "2026-11-27T23:47:00.000Z",
  lastSync: { kind: "initial", read: 40, queued: 40, kintoneRequests: 2, ms: 168 },
  lastSyncError: null,
  pending: 0,
  failed: 0,
  done: 40,
  failures: [],
};

describe("connector status lines", () => {
  it("words the last sync in the user's time zone and language, without raw keys", () => {
    const lines = describeConnectorStatus(healthy, ja, "ja", "Asia/Tokyo");
    expect(lines[0]).toEqual({ label: "最終同期", value: expect.stringMatching(/2026\/11\/28 0?8:47/) });
    expect(lines[0]!.value).toContain("初回取り込み: 40件を読み取り、40件をコールコネクトへ送信(kintoneへのリクエスト 2回)");
    expect(lines.map((l) => l.value).join(" ")).not.toMatch(/lastSync|kintoneRequests|\{/);
    expect(lines.some((l) => l.problem)).toBe(false);
    const english = describeConnectorStatus(healthy, en, "en", "UTC");
    expect(english[0]!.value).toContain("11:47");
    expect(english[1]).toEqual({ label: "Work", value: "0 waiting, 0 failed, 40 done", problem: false });
  });

  it("says when nothing was synced yet, and how far a running sync has got", () => {
    const lines = describeConnectorStatus(
      { syncing: true, progress: { kind: "initial", read: 1500, queued: 1200 }, lastSyncAt: null, lastSync: null, pending: 3 },
      ja,
      "ja",
    );
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ["同期中", "初回取り込み: これまでに1500件を読み取り、1200件を送信待ちにしました"],
      ["最終同期", "まだ同期していません"],
      ["処理状況", "処理待ち 3件・失敗 0件・完了 0件"],
    ]);
    expect(describeConnectorStatus({ syncing: true }, en, "en")[0]).toEqual({ label: "Syncing", value: "…" });
  });

  it("marks the last error and each failed item as problems, with their reasons", () => {
    const lines = describeConnectorStatus(
      {
        ...healthy,
        lastSyncError: "APIトークンに「レコード閲覧」権限がありません(アプリ 1)",
        failed: 1,
        failures: [{ id: 4, kind: "call", at: "2026-11-27T23:50:00Z", reason: "kintone に接続できません" }],
      },
      ja,
      "ja",
      "Asia/Tokyo",
    );
    const problems = lines.filter((l) => l.problem);
    expect(problems.map((l) => l.label)).toEqual(["前回の同期エラー", "処理状況", "失敗した処理"]);
    expect(problems[2]!.value).toMatch(/ 0?8:50 kintone に接続できません$/);
  });

  it("survives an answer of the wrong shape", () => {
    const lines = describeConnectorStatus({ lastSyncAt: 12, lastSync: "x", failures: "no", failed: "1" }, en, "en", "Not/AZone");
    expect(lines.map((l) => l.value)).toEqual(["Not synced yet", "0 waiting, 0 failed, 0 done"]);
  });
});
