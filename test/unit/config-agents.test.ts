// The exceptions table of agents: what is stored and what stops a save.
import { describe, expect, it } from "vitest";
import { agentIssues, cleanAgentRows } from "../../config-ui/agents";
import type { Settings } from "../../src/shared/settings";
import { validateConfig } from "../../config-ui/validation";
import { translator } from "../../src/shared/i18n";
import { configMessages } from "../../config-ui/messages";
import { appFormOf } from "../../config-ui/fields";
import { customerProperties, draftOf, historyProperties, validSettings } from "./config-fixtures";

const ja = translator(configMessages, "ja");
const ctx = { customerForm: appFormOf(customerProperties), historyForm: appFormOf(historyProperties), spaceIds: ["call_history"] };

describe("agents table", () => {
  it("stores trimmed rows without the blank ones the table always shows", () => {
    expect(
      cleanAgentRows([
        { callconnect: "", kintoneUser: " " },
        { callconnect: " sato@cc.example ", kintoneUser: " k-sato " },
      ]),
    ).toEqual([{ callconnect: "sato@cc.example", kintoneUser: "k-sato" }]);
  });

  it("names the row that is half filled and the agent mapped twice, counting rows as shown", () => {
    const issues = agentIssues([
      { callconnect: "", kintoneUser: "" },
      { callconnect: "Sato@cc.example", kintoneUser: "k-sato" },
      { callconnect: "", kintoneUser: "yamada" },
      { callconnect: "sato@cc.example", kintoneUser: "someone" },
    ]);
    expect(issues.map((i) => ja(i.key, i.params))).toEqual([
      "3行目: 担当者とログイン名の両方を入力してください。",
      "4行目: 担当者「sato@cc.example」は2行目でも対応付けています。",
    ]);
  });

  it("stops the save with the message beside the table", () => {
    const settings: Settings = { ...validSettings(), agents: [{ callconnect: "a@cc.example", kintoneUser: "" }] };
    const issues = validateConfig(draftOf(settings, {}, true), ctx);
    expect(issues).toContainEqual({ target: "agents", key: "agents.incomplete", params: { row: "1" } });
    expect(issues).toHaveLength(1);
    const blankRow: Settings = { ...validSettings(), agents: [{ callconnect: "", kintoneUser: "" }] };
    expect(validateConfig(draftOf(blankRow, {}, true), ctx)).toEqual([]);
  });
});
