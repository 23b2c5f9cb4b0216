// Screen pop's pure pieces: the admin's wrap-up results, who is an agent of a ring, and stream tickets.
import { describe, expect, it } from "vitest";
import { cleanResults, resultIssues } from "../../config-ui/screen-pop";
import { isAgent } from "../../src/connector/live/hub";
import { combineMemo } from "../../src/connector/work/call-history";
import { createTicketMinter } from "../../src/connector/live/tickets";
import { loadSettings, storeSettings, defaultSettings } from "../../src/shared/settings";
import { appKey } from "../../src/connector/tenants";

describe("wrap-up results on the config screen", () => {
  it("stores trimmed results without the blank row kuc's table keeps", () => {
    expect(cleanResults([" 受注 ", "", "折り返し"])).toEqual(["受注", "折り返し"]);
  });

  it("names the row repeated, the row too long, and a list too long", () => {
    expect(resultIssues(["受注", "", "受注 "])).toEqual([
      { key: "screenPop.result_duplicate", params: { row: "3", result: "受注", first: "1" } },
    ]);
    expect(resultIssues(["あ".repeat(65)])).toEqual([{ key: "screenPop.result_long", params: { row: "1" } }]);
    expect(resultIssues(["あ".repeat(64)])).toEqual([]);
    expect(resultIssues(Array.from({ length: 31 }, (_, i) => `r${i}`))).toEqual([{ key: "screenPop.result_many" }]);
  });

  it("settings saved before screen pop existed read with it on and no wrap-up offered; the new ones round-trip", () => {
    const old = JSON.parse(storeSettings(defaultSettings()).settings!) as Record<string, unknown>;
    delete old.screenPop;
    delete (old.history as { fields: Record<string, string> }).fields.result;
    const loaded = loadSettings({ settings: JSON.stringify(old) });
    expect(loaded.kind === "ok" && loaded.settings.screenPop).toEqual({ enabled: true, openAtOnce: false, results: [] });
    expect(loaded.kind === "ok" && loaded.settings.history.fields.result).toBe("");
    const s = defaultSettings();
    s.screenPop = { enabled: false, openAtOnce: true, results: ["A"] };
    const again = loadSettings(storeSettings(s));
    expect(again.kind === "ok" && again.settings.screenPop).toEqual(s.screenPop);
  });
});

describe("who a ring is for", () => {
  const yamada = { user: "yamada", email: "hanako.yamada@corp.example" };
  it("matches the agent by kintone e-mail, by login as the e-mail's local part, or by the admin's exception", () => {
    expect(isAgent("hanako.yamada@corp.example", yamada)).toBe(true);
    expect(isAgent("HANAKO.YAMADA@corp.example", yamada)).toBe(true);
    expect(isAgent("yamada@callconnect.example", yamada)).toBe(true);
    expect(isAgent("smith@example.com", yamada)).toBe(false);
    expect(isAgent("", yamada)).toBe(false);
    const exceptions = [{ callconnect: "h.y@cc.example", kintoneUser: "yamada" }];
    expect(isAgent("h.y@cc.example", yamada, exceptions)).toBe(true);
    // An exception that sends an address to someone else wins over a matching local part.
    expect(isAgent("yamada@cc.example", yamada, [{ callconnect: "yamada@cc.example", kintoneUser: "tanaka" }])).toBe(false);
  });
});

const A1 = appKey("", "1");

describe("stream tickets", () => {
  const minter = createTicketMinter("a-long-enough-encryption-key");
  it("open a stream of their own app until they expire, and only unchanged", () => {
    const { ticket } = minter.mint({ app: A1, user: "yamada", email: "" }, 1_000);
    expect(minter.verify(ticket, A1, 2_000)).toMatchObject({ app: A1, user: "yamada" });
    expect(minter.verify(ticket, appKey("", "2"), 2_000)).toBeNull();
    expect(minter.verify(ticket, A1, 1_000 + 60_001)).toBeNull();
    const [payload, mac] = ticket.split(".");
    const forged = Buffer.from(JSON.stringify({ app: "1", user: "smith", email: "", exp: 99_999 })).toString("base64url");
    expect(minter.verify(`${forged}.${mac}`, A1, 2_000)).toBeNull();
    expect(minter.verify(`${payload}.`, A1, 2_000)).toBeNull();
    expect(createTicketMinter("another-encryption-key-here").verify(ticket, A1, 2_000)).toBeNull();
    // A tenant's app 1 is another app: its ticket does not open the connector's own app 1, nor another tenant's.
    const acme = minter.mint({ app: appKey("acme", "1"), user: "yamada", email: "" }, 1_000).ticket;
    expect(minter.verify(acme, appKey("acme", "1"), 2_000)).not.toBeNull();
    expect(minter.verify(acme, A1, 2_000)).toBeNull();
    expect(minter.verify(acme, appKey("beta", "1"), 2_000)).toBeNull();
  });
});

describe("one memo field for CallConnect's memo and the wrap-up's", () => {
  it("replaces only its own part", () => {
    expect(combineMemo("", "カード", true)).toBe("【対応メモ】カード");
    expect(combineMemo("CC", "カード", true)).toBe("CC\n【対応メモ】カード");
    expect(combineMemo("CC\n【対応メモ】カード", "CC2", false)).toBe("CC2\n【対応メモ】カード");
    expect(combineMemo("CC\n【対応メモ】カード", "カード2", true)).toBe("CC\n【対応メモ】カード2");
    expect(combineMemo("古いCC", "新しいCC", false)).toBe("新しいCC");
  });
});
