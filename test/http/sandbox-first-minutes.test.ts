// What a new user meets in the sandbox's first minutes, over real HTTP: the login page names every user and
// password, /connector/ is a page, the portal links the tools, every user is an agent, logs read as lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { sandboxLogger } from "../../src/sandbox/server";
import { seededSettings } from "../../src/sandbox/seed/plugin";

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ withConnector: true });
});
afterAll(async () => {
  await sb?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(sb.url + path, { headers, redirect: "manual" });

describe("sign-in", () => {
  it("lists every seeded user with their password and role on the login page", async () => {
    const html = await (await get("/login")).text();
    for (const [code, role] of [
      ["Administrator", "kintone 管理者（日本語）"],
      ["brown", "kintone 管理者（英語）"],
      ["yamada", "担当者（日本語）"],
      ["smith", "担当者（英語）"],
    ])
      expect(html).toMatch(
        new RegExp(`<tr data-login="${code}" data-password="sandbox"><td><code>${code}</code></td><td><code>sandbox</code></td>.*${role}`),
      );
    expect(html).toContain('<script src="/k/static/login.js"></script>');
    expect((await get("/k/static/login.js")).status).toBe(200);
  });

  it("has an English-speaking kintone administrator who reaches the plug-in settings in English", async () => {
    const resp = await get(`/k/admin/app/1/plugin/config?pluginId=${sb.pluginId}`, authHeader("brown"));
    expect(resp.status).toBe(200);
    const html = await resp.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Plug-in settings");
  });
});

describe("CallConnect agents", () => {
  it("makes every sandbox user an agent with their e-mail, and the web phone names who clicked", async () => {
    const users = sb.sandbox.emulator.users.list();
    expect(sb.sandbox.simulator.agents()).toEqual(users.map((u) => ({ login: u.code, name: u.name, email: u.email })));
    expect(users.map((u) => u.code)).toEqual(expect.arrayContaining(["Administrator", "brown", "yamada", "smith"]));
    expect(seededSettings(sb.url).clickToCall.urlTemplate).toBe(`${sb.url}/callconnect/phone?number={number}&user={user}`);
    const phone = await (await get(`/callconnect/phone?number=%2B81312340000&user=brown`)).text();
    expect(phone).toMatch(/<option value="brown@example.com" selected>Emily Brown/);
    expect(phone).not.toMatch(/<option value="yamada@example.com" selected>/);
  });
});

describe("/connector/", () => {
  it("is a page for kintone administrators: each registered app's status, its webhook URLs and recent failures", async () => {
    const resp = await get("/connector/", authHeader());
    expect(resp.status).toBe(200);
    expect(resp.headers.get("content-type")).toContain("text/html");
    const html = await resp.text();
    expect((await sb.sandbox.connector!.status("ja")).map((s) => s.app)).toEqual(["1"]);
    expect(html).toContain('data-app="1"');
    expect(html).toContain("顧客管理");
    // The counts move while the first import drains; their shape is what the page promises.
    expect(html).toMatch(/<span data-testid="counts">\d+ \/ \d+ \/ \d+<\/span>/);
    expect(html).toMatch(new RegExp(`${sb.url}/connector/webhooks/callconnect/1\\?key=[^<"]+`));
    expect(html).toMatch(new RegExp(`${sb.url}/connector/webhooks/kintone/1\\?key=[^<"]+`));
    expect(html).toContain("最近の失敗");
    // The connector's own paths below it still answer.
    expect((await get("/connector/health")).status).toBe(200);
  });

  it("sends a signed-out visitor to sign in and refuses an agent, in their language", async () => {
    const out = await get("/connector/");
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login?next=%2Fconnector%2F");
    const agent = await get("/connector/", authHeader("smith"));
    expect(agent.status).toBe(403);
    expect(await agent.text()).toContain("Only kintone administrators can see the connector.");
    const en = await (await get("/connector/", authHeader("brown"))).text();
    expect(en).toContain("Recent failures");
  });
});

describe("the connector's command line against the sandbox", () => {
  it("reads the sandbox's own connector with the variables it writes to connector.env (owner-only)", async () => {
    const { readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { spawn } = await import("node:child_process");
    const file = join(sb.dataDir, "connector.env");
    expect(statSync(file).mode & 0o077).toBe(0);
    const vars = Object.fromEntries(
      readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    // Not spawnSync: the sandbox in this process must keep serving while the CLI runs.
    const out = await new Promise<{ status: number | null; stdout: string }>((done) => {
      const p = spawn(process.execPath, ["--import", "tsx", "src/connector/cli.ts", "status", "--lang", "en"], {
        env: { ...process.env, ...vars, LOG_LEVEL: "silent" },
      });
      let stdout = "";
      p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      p.on("exit", (status) => done({ status, stdout }));
    });
    expect(out.status).toBe(0);
    const status = JSON.parse(out.stdout) as { app: string; webhooks: { callconnect: string } | null }[];
    expect(status.map((a) => a.app)).toEqual(["1"]);
    expect(status[0]!.webhooks?.callconnect).toContain(`${sb.url}/connector/webhooks/callconnect/1?key=`);
  });
});

describe("portal", () => {
  it("links the web phone as the signed-in user, CallConnect's admin page, the connector and the plug-in settings", async () => {
    const html = await (await get("/k/", authHeader())).text();
    const tools = /<nav class="k-card k-portal-tools"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
    expect(tools).toContain('href="/callconnect/phone?user=Administrator"');
    expect(tools).toContain('href="/callconnect/admin"');
    expect(tools).toContain('href="/connector/"');
    expect(tools).toContain(`href="/k/admin/app/1/plugin/config?pluginId=${sb.pluginId}"`);
    // An agent gets the phone, not the administrators' pages.
    const agent = await (await get("/k/", authHeader("yamada"))).text();
    const agentTools = /<nav class="k-card k-portal-tools"[\s\S]*?<\/nav>/.exec(agent)?.[0] ?? "";
    expect(agentTools).toContain('href="/callconnect/phone?user=yamada"');
    expect(agentTools).not.toContain("/connector/");
    expect(agentTools).not.toContain("/plugin/config");
  });
});

describe("npm start's log", () => {
  it("prints one readable line per entry, not JSON, with secrets redacted", () => {
    let out = "";
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString("utf8");
        done();
      },
    });
    const log = sandboxLogger({ destination: sink, colorize: false });
    log.warn({ result: { kind: "refused" }, token: "s3cret" }, "could not register app 1 with the connector");
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: could not register app 1 with the connector\n/);
    expect(out).toContain('"kind": "refused"');
    expect(out).not.toContain("s3cret");
    expect(out).not.toContain('{"level"');
  });
});
