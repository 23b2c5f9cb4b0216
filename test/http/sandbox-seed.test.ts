// The seed a fresh sandbox starts with: the apps' fields, the tokens' permissions, and plugin settings the
// config screen itself would accept (validated with the screen's own rules against the apps' real forms).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { appFormOf, spaceIdsOf, type LayoutRow, type RawFieldProperties } from "../../config-ui/fields";
import { loadSettings } from "../../src/shared/settings";
import { configWarnings, SECRET_NAMES, validateConfig, type SecretName } from "../../config-ui/validation";
import { readSavedSecrets } from "../../config-ui/save";

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.close();
});

async function rest<T>(
  path: string,
  headers: Record<string, string> = authHeader(),
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const resp = await fetch(sb.url + path, {
    ...init,
    headers: { ...headers, ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  return { status: resp.status, body: (await resp.json()) as T };
}
const fieldsOf = async (app: number) =>
  (await rest<{ properties: RawFieldProperties }>(`/k/v1/app/form/fields.json?app=${app}`)).body.properties;

async function savedProxy() {
  const resp = await fetch(`${sb.url}/k/api/plugin/proxy-config/get`, {
    method: "POST",
    headers: { ...authHeader(), "x-requested-with": "XMLHttpRequest", "content-type": "application/json" },
    body: JSON.stringify({ app: 1, pluginId: sb.pluginId }),
  });
  return (
    (await resp.json()) as {
      proxyConfigs: { url: string; method: string; headers: Record<string, string>; data: Record<string, string> }[];
    }
  ).proxyConfigs;
}

describe("seed", () => {
  it("has the apps with the field codes the project's contract names", async () => {
    const customer = await fieldsOf(1);
    expect(Object.keys(customer)).toEqual(
      expect.arrayContaining([
        "会社名",
        "担当者名",
        "電話番号",
        "携帯電話",
        "メールアドレス",
        "住所",
        "備考",
        "連絡先",
        "通話履歴",
        "レコード番号",
        "作成日時",
        "更新日時",
      ]),
    );
    expect(customer.携帯電話).toMatchObject({ type: "LINK", protocol: "CALL" });
    expect(customer.通話履歴).toMatchObject({
      type: "REFERENCE_TABLE",
      referenceTable: { condition: { field: "電話番号", relatedField: "TEL" }, sort: "日時 desc" },
    });
    const history = await fieldsOf(2);
    expect(Object.keys(history)).toEqual(
      expect.arrayContaining([
        "TEL",
        "TEL_E164",
        "CallID",
        "日時",
        "Direction",
        "Status",
        "Duration",
        "担当者",
        "Memo",
        "URL",
        "文字起こし",
        "顧客レコード番号",
      ]),
    );
    expect(history.CallID).toMatchObject({ unique: true });
    const layout = (await rest<{ layout: LayoutRow[] }>("/k/v1/app/form/layout.json?app=1")).body.layout;
    expect(spaceIdsOf(layout)).toContain("call_history");
  });

  it("writes numbers in mixed notations, as people type them", async () => {
    const { body } = await rest<{ records: Record<string, { value: string }>[] }>(
      `/k/v1/records.json?app=1&query=${encodeURIComponent("limit 500")}`,
    );
    const numbers = body.records.map((r) => r.電話番号!.value);
    expect(numbers.length).toBeGreaterThanOrEqual(30);
    expect(numbers.some((n) => /^\d{2,4}-\d+-\d+$/.test(n))).toBe(true);
    expect(numbers.some((n) => /^0\d{9}$/.test(n))).toBe(true);
    expect(numbers.some((n) => n.startsWith("+81 "))).toBe(true);
    expect(numbers.some((n) => /[０-９]/.test(n))).toBe(true);
    expect(numbers.some((n) => n.includes("内線"))).toBe(true);
  });

  it("stores plugin settings that pass the config screen's own validation, with every secret in the proxy config", async () => {
    const page = await fetch(`${sb.url}/k/1/`, { headers: authHeader() }).then((r) => r.text());
    const boot = JSON.parse(/<script id="k-boot" type="application\/json">(.*?)<\/script>/s.exec(page)![1]!) as {
      pluginConfigs: Record<string, Record<string, string>>;
    };
    const loaded = loadSettings(boot.pluginConfigs[sb.pluginId]);
    if (loaded.kind !== "ok") throw new Error(`seeded settings do not load: ${loaded.kind}`);
    const proxies = await savedProxy();
    const saved = readSavedSecrets(loaded.settings, (url, method) => proxies.find((p) => p.url === url && p.method === method) ?? null);
    const present = Object.fromEntries(SECRET_NAMES.map((n) => [n, saved[n] !== ""])) as Record<SecretName, boolean>;
    expect(present).toMatchObject({ callconnectToken: true, connectorSecret: true, customerApiToken: true, historyApiToken: true });
    const draft = { settings: loaded.settings, secrets: { ...saved, callconnectToken: "", connectorSecret: "" }, saved: present };
    const ctx = { customerForm: appFormOf(await fieldsOf(1)), historyForm: appFormOf(await fieldsOf(2)), spaceIds: ["call_history"] };
    expect(validateConfig(draft, ctx)).toEqual([]);
    expect(configWarnings(draft, ctx)).toEqual([]);
    expect(page).not.toContain(saved.callconnectToken);
    expect(page).not.toContain(saved.customerApiToken);

    // The tokens carry the permissions the connector needs: app 1 everything, app 2 no delete.
    const token1 = { "X-Cybozu-API-Token": saved.customerApiToken };
    const token2 = { "X-Cybozu-API-Token": saved.historyApiToken };
    expect((await rest("/k/v1/records.json?app=1", token1)).status).toBe(200);
    expect((await rest("/k/v1/records.json?app=2", token2)).status).toBe(200);
    expect((await rest("/k/v1/records.json?app=2&ids[0]=1", token2, { method: "DELETE" })).status).toBe(403);
  });
});
