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
    expect(lines[0]!.value).toContain("初回取り込み: 40件を読み取り、40件をコールコネクトへ送信(kintoneへのリクエスト2回)");
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
      ["処理状況", "処理待ち3件・失敗0件・完了0件"],
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

  it("calls a run of changes 手動同期 or 定期同期 only as the connector says it started, else 差分同期", () => {
    const run = (extra: Record<string, unknown>) =>
      describeConnectorStatus(
        { ...healthy, lastSync: { kind: "incremental", read: 1, queued: 0, kintoneRequests: 1, ...extra } },
        ja,
        "ja",
      )[0]!.value;
    expect(run({ trigger: "manual" })).toContain("手動同期: 1件を読み取り");
    expect(run({ trigger: "scheduled" })).toContain("定期同期: 1件を読み取り");
    expect(run({})).toContain("差分同期: 1件を読み取り");
    expect(run({})).not.toMatch(/定期|手動/);
    expect(run({ trigger: "manual", kind: "reconcile" })).toContain("削除の照合: ");
  });

  it("marks each failed item with its id, so it can be retried or dismissed", () => {
    const lines = describeConnectorStatus(
      {
        ...healthy,
        failed: 2,
        failures: [
          { id: 4, kind: "call", at: null, reason: "x" },
          { id: "5", reason: "y" },
        ],
      },
      ja,
      "ja",
    );
    expect(lines.filter((l) => l.label === "失敗した処理").map((l) => l.failureId)).toEqual([4, undefined]);
  });

  it("says how many customers a reconciliation kept instead of deleting, and why, as a problem to act on", () => {
    const lines = describeConnectorStatus({ ...healthy, heldDeletes: { count: 1500, at: "2026-12-03T00:00:00Z" } }, ja, "ja");
    const held = lines.find((l) => l.heldDeletes);
    expect(held).toMatchObject({ label: "削除の保留", problem: true });
    expect(held!.value).toContain("1500件");
    expect(describeConnectorStatus({ ...healthy, heldDeletes: null }, ja, "ja").some((l) => l.heldDeletes)).toBe(false);
    expect(describeConnectorStatus({ ...healthy, heldDeletes: { count: 3 } }, en, "en").find((l) => l.heldDeletes)!.value).toMatch(
      /^3 customers were not found/,
    );
  });

  it("survives an answer of the wrong shape", () => {
    const lines = describeConnectorStatus({ lastSyncAt: 12, lastSync: "x", failures: "no", failed: "1" }, en, "en", "Not/AZone");
    expect(lines.map((l) => l.value)).toEqual(["Not synced yet", "0 waiting, 0 failed, 0 done"]);
  });
});
