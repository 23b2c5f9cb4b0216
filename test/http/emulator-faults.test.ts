// The test suite's fault hooks: 5xx pages, 429, resets, hangs and answers dropped after the write committed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { field, form } from "../../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer, type RunningEmulator } from "../../src/sandbox/kintone-emulator/serve.js";

let env: RunningEmulator;
let app: number;
let token: string;

beforeAll(async () => {
  env = await startEmulatorServer();
  env.emulator.users.add({
    code: "Administrator",
    password: "pw",
    name: "管理者",
    email: "",
    language: "ja",
    timezone: "Asia/Tokyo",
    isAdmin: true,
  });
  app = env.emulator.apps.create({ name: "障害", properties: form(field.text("名前")) });
  token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
});
afterAll(async () => env.close());
afterEach(() => env.emulator.faults.clear());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${env.url}${path}`, {
    method,
    headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const list = () => call("GET", `/k/v1/records.json?app=${app}`);
const add = (name: string) => call("POST", "/k/v1/record.json", { app, record: { 名前: { value: name } } });
const failed = (p: Promise<Response>) =>
  p.then(
    () => "answered",
    () => "failed",
  );

describe("fault hooks", () => {
  it("5xx answers a load balancer's HTML page, after letting `skip` matching requests through, `count` times", async () => {
    env.emulator.faults.inject({ method: "GET", path: "/k/v1/records.json", kind: "5xx", status: 502, skip: 1, count: 2 });
    expect((await add("別のメソッド")).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await list();
      statuses.push(res.status);
      if (res.status === 502) {
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        expect(await res.text()).toContain("<h1>502 Bad Gateway</h1>");
      } else await res.arrayBuffer();
    }
    expect([statuses, env.emulator.faults.hits()]).toEqual([[200, 502, 502, 200], 2]);
  });

  it("matches the effective method and the path without the guest prefix; count may be Infinity", async () => {
    env.emulator.faults.inject({ method: "GET", path: "/k/v1/records.json", kind: "5xx", count: Infinity });
    const long = () => call("POST", "/k/guest/3/v1/records.json", { app }, { "X-HTTP-Method-Override": "GET" });
    expect([(await long()).status, (await long()).status, (await list()).status]).toEqual([503, 503, 503]);
    env.emulator.faults.clear();
    expect([(await long()).status, env.emulator.faults.hits()]).toEqual([200, 0]);
  });

  it("429 is GAIA_TO04 with kintone's headers", async () => {
    env.emulator.faults.inject({ path: "/k/v1/records.json", kind: "429" });
    const res = await list();
    const headers = ["x-cybozu-error", "x-concurrencylimit-limit", "x-concurrencylimit-running"].map((h) => res.headers.get(h));
    expect([res.status, headers, ((await res.json()) as { code: string }).code]).toEqual([429, ["GAIA_TO04", "100", "100"], "GAIA_TO04"]);
  });

  it("reset destroys the connection unanswered, and nothing is written", async () => {
    const before = env.emulator.records.count(app);
    env.emulator.faults.inject({ method: "POST", path: "/k/v1/record.json", kind: "reset" });
    expect(await failed(add("リセット"))).toBe("failed");
    expect(env.emulator.records.count(app)).toBe(before);
  });

  it("hang never answers nor processes, until faults.clear() ends the connection", async () => {
    const before = env.emulator.records.count(app);
    env.emulator.faults.inject({ method: "POST", path: "/k/v1/record.json", kind: "hang" });
    const pending = failed(add("待ち"));
    const early = await Promise.race([pending, new Promise((r) => setTimeout(() => r("still waiting"), 300))]);
    expect(early).toBe("still waiting");
    env.emulator.faults.clear();
    expect(await pending).toBe("failed");
    expect(env.emulator.records.count(app)).toBe(before);
  });

  it("drop-after-commit writes the record, then drops the answer", async () => {
    const before = env.emulator.records.count(app);
    env.emulator.faults.inject({ method: "POST", path: "/k/v1/record.json", kind: "drop-after-commit" });
    expect(await failed(add("確定済み"))).toBe("failed");
    expect(env.emulator.records.count(app)).toBe(before + 1);
    expect((await add("次は届く")).status).toBe(200);
  });
});
