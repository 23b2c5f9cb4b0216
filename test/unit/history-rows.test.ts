// What one row of the history panel shows.
import { describe, expect, it } from "vitest";
import { dateTimeFormatter, formatDuration, labelKey, shapeRow } from "../../src/features/call-history/rows";
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

describe("history rows", () => {
  it.each([
    [0, "0:00"],
    [5, "0:05"],
    [65, "1:05"],
    [3725, "62:05"],
    ["125", "2:05"],
    ["", ""],
    ["abc", ""],
    [-1, ""],
  ] as const)("formats %j seconds as %j", (s, out) => {
    expect(formatDuration(s)).toBe(out);
  });

  it("formats times in the user's timezone", () => {
    expect(dateTimeFormatter("Asia/Tokyo")("2026-11-24T05:00:00Z")).toBe("2026-11-24 14:00");
    expect(dateTimeFormatter("America/New_York")("2026-11-24T05:00:00Z")).toBe("2026-11-24 00:00");
    expect(dateTimeFormatter("Not/AZone")("2026-11-24T05:00:00Z")).toBe("2026-11-24 05:00");
    expect(dateTimeFormatter("Asia/Tokyo")("")).toBe("");
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
    const row = shapeRow(record, fields, dateTimeFormatter("Asia/Tokyo"), (kind, raw) =>
      kind === "direction" && raw === "outgoing" ? "発信" : raw,
    );
    expect(row).toEqual({
      id: "9",
      when: "2026-11-24 14:00",
      direction: "発信",
      status: "着信・不在",
      agent: "山田 花子",
      duration: "1:15",
      memo: "<script>alert(1)</script>",
      recordings: [
        { url: "https://rec.example/1.wav", playable: true },
        { url: "javascript:alert(1)", playable: false },
        { url: "http://rec.example/2.wav", playable: true },
        { url: "data:text/html,x", playable: false },
      ],
      transcription: "もしもし",
    });
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
