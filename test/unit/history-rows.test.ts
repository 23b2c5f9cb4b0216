// What one row of the history panel shows.
import { describe, expect, it } from "vitest";
import { dateTimeFormatter, foldText, formatDuration, labelKey, shapeRow, type RowWords } from "../../src/features/call-history/rows";
import { viewMessages } from "../../src/features/messages";
import { connectorMessages } from "../../src/shared/messages/connector";
import { defaultSettings } from "../../src/shared/settings";

const fields = {
  ...defaultSettings().history.fields,
  datetime: "日時",
  direction: "Direction",
  status: "Status",
  duration: "Duration",
  agent: "担当者",
  memo: "Memo",
  recordingUrls: "URL",
  transcription: "文字起こし",
};

const words: RowWords = { days: (n) => `${n}日`, recording: (i, n) => `録音 ${i}/${n}` };

describe("history rows", () => {
  it.each([
    [0, "0:00"],
    [5, "0:05"],
    [65, "1:05"],
    [3599, "59:59"],
    [3725, "1:02:05"],
    [86_399, "23:59:59"],
    [86_400, "1d 0:00:00"],
    [99_999_999, "1157d 9:46:39"],
    ["125", "2:05"],
    ["", ""],
    ["abc", ""],
    [-1, ""],
  ] as const)("formats %j seconds as %j", (s, out) => {
    expect(formatDuration(s)).toBe(out);
  });

  it("counts days beyond 24 hours in the user's words", () => {
    expect(formatDuration(99_999_999, (n) => `${n.toLocaleString("ja-JP")}日`)).toBe("1,157日 9:46:39");
  });

  it("formats times in the user's timezone and in their language's notation, as kintone's own dates beside it", () => {
    expect(dateTimeFormatter("Asia/Tokyo", "ja")("2026-12-02T17:59:00Z")).toBe("2026/12/03 02:59");
    expect(dateTimeFormatter("America/New_York", "ja")("2026-11-24T05:00:00Z")).toBe("2026/11/24 00:00");
    expect(dateTimeFormatter("Asia/Tokyo", "en")("2026-11-24T05:00:00Z")).toBe("11/24/2026, 02:00 PM");
    expect(dateTimeFormatter("Not/AZone", "ja")("2026-11-24T05:00:00Z")).toBe("2026/11/24 05:00");
    expect(dateTimeFormatter("Asia/Tokyo")("")).toBe("");
  });

  it("folds a long memo to its first lines and leaves a short one whole", () => {
    expect(foldText("短いメモ")).toBeNull();
    expect(foldText("a\nb\nc")).toBeNull();
    expect(foldText("a\nb\nc\nd")).toBe("a\nb\nc…");
    const long = "あ".repeat(10_000);
    expect(foldText(long)).toBe(`${"あ".repeat(200)}…`);
  });

  it("shapes a record, labels codes and lets only http(s) recordings play", () => {
    const record = {
      $id: { value: "9" },
      日時: { value: "2026-11-24T05:00:00Z" },
      Direction: { value: "outgoing" },
      Status: { value: "着信・不在" },
      Duration: { value: "75" },
      担当者: { value: [{ code: "yamada", name: "山田 花子" }] },
      Memo: { value: "<script>alert(1)</script>" },
      URL: { value: "https://rec.example/1.wav\njavascript:alert(1)\nhttp://rec.example/2.wav\ndata:text/html,x" },
      文字起こし: { value: "もしもし" },
    };
    const row = shapeRow(
      record,
      fields,
      dateTimeFormatter("Asia/Tokyo"),
      (kind, raw) => (kind === "direction" && raw === "outgoing" ? "発信" : raw),
      words,
    );
    expect(row).toEqual({
      id: "9",
      when: "2026/11/24 14:00",
      direction: "発信",
      status: "着信・不在",
      agent: "山田 花子",
      duration: "1:15",
      memo: "<script>alert(1)</script>",
      memoPreview: null,
      recordings: [
        { url: "https://rec.example/1.wav", playable: true, label: "録音 1/4" },
        { url: "javascript:alert(1)", playable: false, label: "録音 2/4" },
        { url: "http://rec.example/2.wav", playable: true, label: "録音 3/4" },
        { url: "data:text/html,x", playable: false, label: "録音 4/4" },
      ],
      transcription: "もしもし",
    });
  });

  it("says the direction once: a status that names it (発信通話) stands alone, one that does not (応答) keeps it", () => {
    const shape = (direction: string, status: string) =>
      shapeRow(
        { $id: { value: "1" }, Direction: { value: direction }, Status: { value: status } },
        fields,
        () => "",
        (_k, raw) => raw,
        words,
      );
    expect(shape("発信", "発信通話")).toMatchObject({ direction: "", status: "発信通話" });
    expect(shape("Incoming", "Incoming, missed")).toMatchObject({ direction: "", status: "Incoming, missed" });
    expect(shape("発信", "応答")).toMatchObject({ direction: "発信", status: "応答" });
    expect(shape("着信", "")).toMatchObject({ direction: "着信", status: "" });
  });

  it("finds the label of a code or of the Japanese label the connector wrote, so English users read English", () => {
    expect(labelKey("status", "200", viewMessages.ja)).toBe("status.200");
    expect(labelKey("status", "着信・不在", viewMessages.ja)).toBe("status.101");
    expect(labelKey("direction", "発信", viewMessages.ja)).toBe("direction.outgoing");
    expect(labelKey("direction", "発信通話", viewMessages.ja)).toBeNull(); // a status label is not a direction
    expect(labelKey("status", "保留中", viewMessages.ja)).toBeNull();
    // Every label the connector writes is one the panel can translate back.
    for (const [key, text] of Object.entries(connectorMessages.ja)) {
      const kind = key.split(".")[0];
      if (kind === "status" || kind === "direction") expect(labelKey(kind, text, viewMessages.ja), key).toBe(key);
    }
  });
});
