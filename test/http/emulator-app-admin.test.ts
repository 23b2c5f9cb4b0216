// The app-building API as an administrator uses it through @kintone/rest-api-client: preview first, live after a deploy.
import { KintoneRestAPIClient, KintoneRestAPIError } from "@kintone/rest-api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";
import { historyTemplate } from "../../src/shared/kintone/app-templates.js";
import { ADMINISTRATOR } from "../helpers/emulator";

let env: RunningEmulator;
let admin: KintoneRestAPIClient;
let customers: number;

async function rejection(p: Promise<unknown>): Promise<KintoneRestAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KintoneRestAPIError);
  return err as KintoneRestAPIError;
}

async function deployAndWait(client: KintoneRestAPIClient, app: string | number): Promise<string[]> {
  await client.app.deployApp({ apps: [{ app }] });
  const seen: string[] = [];
  for (let i = 0; i < 20; i++) {
    const { apps } = await client.app.getDeployStatus({ apps: [app] });
    seen.push(apps[0]?.status ?? "");
    if (apps[0]?.status !== "PROCESSING") break;
  }
  return seen;
}

beforeAll(async () => {
  // A deploy nobody polls would take a minute: every live change in these tests comes through polling.
  env = await startEmulatorServer({ deployMs: 60_000 });
  env.emulator.users.add(ADMINISTRATOR);
  env.emulator.users.add({ ...ADMINISTRATOR, code: "yamada", name: "山田", isAdmin: false });
  admin = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "Administrator", password: "sandbox" } });
  customers = env.emulator.apps.create({ name: "顧客管理", properties: form(field.text("電話番号"), field.text("会社名")) });
});
afterAll(async () => {
  await env.close();
});

describe("creating an app", () => {
  it("makes a preview app that live APIs do not know until it is deployed", async () => {
    const { app, revision } = await admin.app.addApp({ name: "通話履歴" });
    expect(revision).toBe("1");
    expect((await rejection(admin.app.getApp({ id: app }))).code).toBe("GAIA_AP01");
    const preview = await admin.app.getFormFields({ app, preview: true });
    expect(Object.values(preview.properties).map((p) => p.type)).toContain("RECORD_NUMBER");

    const t = historyTemplate();
    const added = await admin.app.addFormFields({ app, properties: t.properties as never, revision: 1 });
    expect(added.revision).toBe("2");
    await admin.app.updateFormLayout({ app, layout: t.layout as never });
    expect((await rejection(admin.app.getFormFields({ app }))).code).toBe("GAIA_AP01");

    const seen = await deployAndWait(admin, app);
    expect(seen).toEqual(["PROCESSING", "SUCCESS"]);
    const live = await admin.app.getFormFields({ app });
    expect(live.properties.CallID).toMatchObject({ type: "SINGLE_LINE_TEXT", unique: true, label: "通話ID" });
    expect(live.properties.対応結果).toMatchObject({ type: "SINGLE_LINE_TEXT" });
    expect(live.revision).toBe("3");
    const { apps } = await admin.app.getApps({ name: "通話履歴" });
    expect(apps.map((a) => a.appId)).toEqual([app]);
    // Records can be written to the live app.
    const record = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "Administrator", password: "sandbox" } }).record;
    await record.addRecord({ app, record: { CallID: { value: "c-1" }, TEL: { value: "0312345678" } } });
    expect((await rejection(record.addRecord({ app, record: { CallID: { value: "c-1" } } }))).code).toBe("CB_VA01");
  });

  it("keeps changes in the preview until a deploy, and a revert throws them away", async () => {
    await admin.app.addFormFields({ app: customers, properties: { 備考: { type: "MULTI_LINE_TEXT", code: "備考", label: "備考" } } });
    expect(Object.keys((await admin.app.getFormFields({ app: customers, preview: true })).properties)).toContain("備考");
    expect(Object.keys((await admin.app.getFormFields({ app: customers })).properties)).not.toContain("備考");

    await admin.app.deployApp({ apps: [{ app: customers }], revert: true });
    await admin.app.getDeployStatus({ apps: [customers] });
    await admin.app.getDeployStatus({ apps: [customers] });
    expect(Object.keys((await admin.app.getFormFields({ app: customers, preview: true })).properties)).not.toContain("備考");
    expect(Object.keys((await admin.app.getFormFields({ app: customers })).properties)).not.toContain("備考");
  });

  it("adds a 関連レコード一覧 and a Space through the layout, live after the deploy", async () => {
    const { apps } = await admin.app.getApps({ name: "通話履歴" });
    const history = apps[0]?.appId ?? "";
    await admin.app.addFormFields({
      app: customers,
      properties: {
        通話履歴: {
          type: "REFERENCE_TABLE",
          code: "通話履歴",
          label: "通話履歴",
          referenceTable: {
            relatedApp: { app: history },
            condition: { field: "電話番号", relatedField: "TEL" },
            displayFields: ["日時"],
            size: "5",
          },
        },
      } as never,
    });
    const { layout } = await admin.app.getFormLayout({ app: customers, preview: true });
    await admin.app.updateFormLayout({
      app: customers,
      layout: [
        ...(layout as never[]),
        { type: "ROW", fields: [{ type: "SPACER", elementId: "call_history", size: { width: "700", height: "40" } }] },
      ],
    });
    await deployAndWait(admin, customers);
    expect(env.emulator.apps.properties(customers).通話履歴).toMatchObject({ type: "REFERENCE_TABLE" });
    const live = env.emulator.apps.layout(customers);
    const cells = live.flatMap((r) => (r.type === "ROW" ? (r.fields as { type: string; elementId?: string; code?: string }[]) : []));
    expect(cells).toContainEqual(expect.objectContaining({ type: "SPACER", elementId: "call_history" }));
    expect(cells).toContainEqual(expect.objectContaining({ type: "REFERENCE_TABLE", code: "通話履歴" }));
  });
});

describe("errors as kintone words them", () => {
  it("refuses a field code already in use, naming it under errors", async () => {
    const err = await rejection(
      admin.app.addFormFields({ app: customers, properties: { 会社名: { type: "SINGLE_LINE_TEXT", code: "会社名", label: "会社名" } } }),
    );
    expect(err.code).toBe("CB_VA01");
    expect(Object.keys(err.errors as object)).toEqual(["properties.会社名.code"]);
  });

  it("refuses a 関連レコード一覧 on an app that does not exist", async () => {
    const err = await rejection(
      admin.app.addFormFields({
        app: customers,
        properties: {
          ref: {
            type: "REFERENCE_TABLE",
            code: "ref",
            label: "ref",
            referenceTable: { relatedApp: { app: "999" }, condition: { field: "電話番号", relatedField: "TEL" } },
          },
        } as never,
      }),
    );
    expect(err.code).toBe("CB_VA01");
    expect(Object.keys(err.errors as object)).toContain("properties.ref.referenceTable.relatedApp.app");
  });

  it("refuses a layout naming a field the form lacks", async () => {
    const err = await rejection(
      admin.app.updateFormLayout({ app: customers, layout: [{ type: "ROW", fields: [{ type: "SINGLE_LINE_TEXT", code: "nosuch" }] }] }),
    );
    expect(err.code).toBe("CB_VA01");
    expect(Object.keys(err.errors as object)).toEqual(["layout[0].fields[0].code"]);
  });

  it("answers GAIA_AP01 for an unknown app and GAIA_CO02 for a stale revision", async () => {
    expect((await rejection(admin.app.getFormFields({ app: 999, preview: true }))).code).toBe("GAIA_AP01");
    expect((await rejection(admin.app.deployApp({ apps: [{ app: customers, revision: 1 }] }))).code).toBe("GAIA_CO02");
  });

  it("lets only administrators build apps: a user without app management and an API token get CB_NO02", async () => {
    const user = new KintoneRestAPIClient({ baseUrl: env.url, auth: { username: "yamada", password: "sandbox" } });
    expect((await rejection(user.app.addApp({ name: "x" }))).code).toBe("CB_NO02");
    const e = await rejection(
      user.app.addFormFields({ app: customers, properties: { x: { type: "SINGLE_LINE_TEXT", code: "x", label: "x" } } }),
    );
    expect([e.code, e.status]).toEqual(["CB_NO02", 403]);
    const token = env.emulator.tokens.create(customers, { view: true, add: true, edit: true, delete: true });
    const byToken = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    expect((await rejection(byToken.app.addApp({ name: "x" }))).code).toBe("CB_NO02");
    expect((await rejection(byToken.app.getFormFields({ app: customers, preview: true }))).code).toBe("CB_NO02");
    expect((await rejection(byToken.app.deployApp({ apps: [{ app: customers }] }))).code).toBe("CB_NO02");
    // The live form stays readable with a token that may view.
    expect((await byToken.app.getFormFields({ app: customers })).properties.電話番号).toBeDefined();
  });

  it("answers in English when asked", async () => {
    const res = await fetch(`${env.url}/k/v1/preview/app/form/fields.json?app=999`, {
      headers: { "X-Cybozu-Authorization": Buffer.from("Administrator:sandbox").toString("base64"), "Accept-Language": "en" },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "GAIA_AP01", message: expect.stringContaining("999") });
  });
});

describe("an app's plugins", () => {
  it("refuses a plugin that is not imported", async () => {
    const err = await rejection(admin.app.addPlugins({ app: customers, ids: ["abcdefghijklmnopabcdefghijklmnop"] }));
    expect(err.code).toBe("CB_VA01");
    expect(Object.keys(err.errors as object)).toEqual(["ids[0]"]);
  });
});
