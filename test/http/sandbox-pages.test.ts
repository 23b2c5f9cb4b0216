// The sandbox's pages and kintone-side endpoints over real HTTP: sign-in, permissions, proxy merge rules, persistence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import JSZip from "jszip";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authHeader, startTestSandbox, type TestSandbox } from "../helpers/sandbox";
import { startSandbox } from "../../src/sandbox/server";

let sb: TestSandbox;
let echo: Server;
let echoUrl: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  // Answers with what it received, so the test sees exactly what the proxy sent.
  echo = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      res
        .writeHead(201, { "content-type": "application/json", "x-echo": "yes" })
        .end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((ok) => echo.listen(0, "127.0.0.1", ok));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sb?.close();
  await new Promise((ok) => echo?.close(ok));
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(sb.url + path, { headers, redirect: "manual" });
const recordPage = () => `${sb.url}/k/1/show`;
const configPage = () => `${sb.url}/k/admin/app/1/plugin/config?pluginId=${sb.pluginId}`;

function internal(
  path: string,
  body: Record<string, unknown>,
  opts: { user?: string; referer?: string; origin?: string; xhr?: boolean } = {},
) {
  const headers: Record<string, string> = {
    ...authHeader(opts.user ?? "Administrator"),
    "content-type": "application/json",
    referer: opts.referer ?? recordPage(),
  };
  if (opts.xhr !== false) headers["x-requested-with"] = "XMLHttpRequest";
  if (opts.origin) headers.origin = opts.origin;
  return fetch(sb.url + path, { method: "POST", headers, body: JSON.stringify(body) });
}

async function proxied(url: string, method: string, headers: Record<string, string>, data: unknown, user = "yamada") {
  const resp = await internal("/k/api/plugin/proxy", { app: 1, pluginId: sb.pluginId, url, method, headers, data }, { user });
  expect(resp.status).toBe(200);
  const { result } = (await resp.json()) as { result: [string, number, Record<string, string>] };
  return {
    status: result[1],
    headers: result[2],
    echo: JSON.parse(result[0]) as { url: string; headers: Record<string, string>; body: string },
  };
}

describe("sign-in", () => {
  it("sends an unauthenticated page request to the login form and back after signing in", async () => {
    const first = await get("/k/1/show");
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login?next=%2Fk%2F1%2Fshow");

    const bad = await fetch(`${sb.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ username: "yamada", password: "nope", next: "/k/1/show" }),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();

    const ok = await fetch(`${sb.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ username: "yamada", password: "sandbox", next: "/k/1/show" }),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/k/1/show");
    const cookie = ok.headers.get("set-cookie")!.split(";")[0]!;
    const page = await get("/k/1/show", { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("山田 花子");

    await get("/logout", { cookie });
    expect((await get("/k/1/show", { cookie })).status).toBe(302);
  });

  it("never redirects off-site after sign-in", async () => {
    const resp = await fetch(`${sb.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ username: "yamada", password: "sandbox", next: "//evil.example/" }),
    });
    expect(resp.headers.get("location")).toBe("/k/");
  });

  it("accepts X-Cybozu-Authorization on pages, and the page loads the built plugin's desktop files in manifest order", async () => {
    const resp = await get("/k/1/", authHeader());
    expect(resp.status).toBe(200);
    const html = await resp.text();
    expect(html).toContain(`/k/static/plugin/${sb.pluginId}/js/desktop.js`);
    expect(html.indexOf("/k/static/runtime.js")).toBeLessThan(html.indexOf("js/desktop.js"));
    const js = await get(`/k/static/plugin/${sb.pluginId}/js/desktop.js`, authHeader());
    expect(await js.text()).toMatch(new RegExp(`^kintone\\.\\$PLUGIN_ID = "${sb.pluginId}";`));
    expect((await get("/k/1/", authHeader("yamada", "wrong"))).status).toBe(302);
  });
});

describe("plugin config screen", () => {
  it("opens for the kintone administrator and refuses an agent who does not manage the app", async () => {
    expect((await get(configPage().slice(sb.url.length), authHeader())).status).toBe(200);
    const agent = await get(configPage().slice(sb.url.length), authHeader("yamada"));
    expect(agent.status).toBe(403);
    expect(await agent.text()).toContain("アプリ管理者");
    const write = await internal(
      "/k/api/plugin/config/set",
      { app: 1, pluginId: sb.pluginId, config: { settings: "{}" } },
      { user: "yamada" },
    );
    expect(write.status).toBe(403);
  });

  it("answers internal calls only from the sandbox's own pages", async () => {
    const body = { app: 1, pluginId: sb.pluginId, url: `${echoUrl}/x`, method: "GET", headers: {}, data: {} };
    expect((await internal("/k/api/plugin/proxy", body, { xhr: false })).status).toBe(403);
    expect((await internal("/k/api/plugin/proxy", body, { origin: "http://evil.example" })).status).toBe(403);
    expect((await internal("/k/api/plugin/proxy", body, { origin: sb.url })).status).toBe(200);
  });
});

describe("proxy", () => {
  beforeAll(async () => {
    const save = (url: string, method: string, headers: Record<string, string>, data: Record<string, string> = {}) =>
      internal(
        "/k/api/plugin/proxy-config/set",
        { app: 1, pluginId: sb.pluginId, url, method, headers, data },
        { referer: configPage() },
      ).then((r) => expect(r.status).toBe(200));
    await save(`${echoUrl}/api/`, "GET", { Authorization: "Bearer short" });
    await save(`${echoUrl}/api/v2/`, "GET", { Authorization: "Bearer long", "X-Extra": "1" });
    await save(`${echoUrl}/api/`, "PUT", { Authorization: "Bearer put" }, { token: "saved" });
  });

  it("merges the saved headers of the longest case-sensitive prefix for the same method; saved values win", async () => {
    const short = await proxied(`${echoUrl}/api/v1/x`, "GET", { authorization: "Bearer mine", "X-Mine": "kept" }, {});
    expect(short.status).toBe(201);
    expect(short.headers["x-echo"]).toBe("yes");
    expect(short.echo.headers.authorization).toBe("Bearer short");
    expect(short.echo.headers["x-mine"]).toBe("kept");

    const long = await proxied(`${echoUrl}/api/v2/calls`, "GET", {}, {});
    expect(long.echo.headers.authorization).toBe("Bearer long");
    expect(long.echo.headers["x-extra"]).toBe("1");

    const otherCase = await proxied(`${echoUrl}/API/v1/x`, "GET", {}, {});
    expect(otherCase.echo.headers.authorization).toBeUndefined();
    const otherMethod = await proxied(`${echoUrl}/api/v1/x`, "POST", {}, "{}");
    expect(otherMethod.echo.headers.authorization).toBeUndefined();
  });

  it("merges saved data into a JSON body, saved keys winning", async () => {
    const put = await proxied(
      `${echoUrl}/api/customers/1`,
      "PUT",
      { "Content-Type": "application/json" },
      JSON.stringify({ name: "x", token: "mine" }),
    );
    expect(JSON.parse(put.echo.body)).toEqual({ name: "x", token: "saved" });
    expect(put.echo.headers.authorization).toBe("Bearer put");
  });

  it("is refused on the plugin config screen, while kintone.proxy there sends only what the caller gave", async () => {
    const refused = await internal(
      "/k/api/plugin/proxy",
      { app: 1, pluginId: sb.pluginId, url: `${echoUrl}/api/v1/x`, method: "GET", headers: {}, data: {} },
      { referer: configPage() },
    );
    expect(refused.status).toBe(400);
    const plain = await internal(
      "/k/api/proxy",
      { url: `${echoUrl}/api/v1/x`, method: "GET", headers: { "X-Given": "1" }, data: {} },
      { referer: configPage() },
    );
    const { result } = (await plain.json()) as { result: [string, number] };
    const seen = JSON.parse(result[0]) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-given"]).toBe("1");
  });

  it("fails with kintone's error when the host cannot be reached", async () => {
    const resp = await internal("/k/api/proxy", { url: "http://127.0.0.1:1/", method: "GET", headers: {}, data: {} });
    expect(resp.status).toBe(502);
    expect(((await resp.json()) as { message: string }).message).toContain("127.0.0.1:1");
  });
});

describe("without a build", () => {
  it("says to run npm run build on the app pages and the config screen", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-nobuild-"));
    const bare = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: false, pluginZipPath: join(dataDir, "missing.zip") });
    try {
      expect(bare.pluginId).toBe("");
      const list = await (await fetch(`${bare.url}/k/1/`, { headers: authHeader() })).text();
      expect(list).toContain("npm run build");
      expect(list).not.toContain("/k/static/plugin/");
      const config = await fetch(`${bare.url}/k/admin/app/1/plugin/config?pluginId=x`, { headers: authHeader() });
      expect(await config.text()).toContain("npm run build");
    } finally {
      await bare.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("rebuilding while it runs", () => {
  it("serves the plugin from the new dist/plugin.zip on the next request", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-rebuild-"));
    const zipPath = join(dataDir, "plugin.zip");
    copyFileSync("dist/plugin.zip", zipPath);
    const live = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: false, pluginZipPath: zipPath });
    try {
      const jsUrl = `${live.url}/k/static/plugin/${live.pluginId}/js/desktop.js`;
      expect(await (await fetch(jsUrl, { headers: authHeader() })).text()).not.toContain("rebuilt-marker");
      // Same key (same PUBKEY), new code: what `npm run build` does.
      const outer = await JSZip.loadAsync(readFileSync(zipPath));
      const inner = await JSZip.loadAsync(await outer.file("contents.zip")!.async("nodebuffer"));
      inner.file("js/desktop.js", "/* rebuilt-marker */");
      outer.file("contents.zip", await inner.generateAsync({ type: "nodebuffer" }));
      writeFileSync(zipPath, await outer.generateAsync({ type: "nodebuffer" }));
      utimesSync(zipPath, new Date(), new Date(Date.now() + 5_000));
      expect(await (await fetch(jsUrl, { headers: authHeader() })).text()).toContain("rebuilt-marker");
    } finally {
      await live.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("persistence", () => {
  it("keeps the seed and new records across a restart, and --reset starts from a fresh seed", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-restart-"));
    try {
      const count = async (url: string) =>
        Number(
          (
            (await (await fetch(`${url}/k/v1/records.json?app=1&totalCount=true&query=limit%201`, { headers: authHeader() })).json()) as {
              totalCount: string;
            }
          ).totalCount,
        );
      const first = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: false });
      const seeded = await count(first.url);
      expect(seeded).toBeGreaterThanOrEqual(30);
      const added = await fetch(`${first.url}/k/v1/record.json`, {
        method: "POST",
        headers: { ...authHeader(), "content-type": "application/json" },
        body: JSON.stringify({ app: 1, record: { 会社名: { value: "再起動テスト株式会社" } } }),
      });
      expect(added.status).toBe(200);
      await first.close();

      const second = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: false });
      expect(await count(second.url)).toBe(seeded + 1);
      // The plugin settings follow the sandbox to its new port.
      const html = await (await fetch(`${second.url}/k/1/`, { headers: authHeader() })).text();
      expect(html).toContain(`${second.url}/callconnect/`);
      await second.close();

      const third = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: false, reset: true });
      expect(await count(third.url)).toBe(seeded);
      await third.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps one connector webhook on app 1 when the sandbox comes back on another port", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-port-"));
    try {
      const first = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: true });
      const firstHooks = first.emulator.webhooks.list(1);
      await first.close();
      const second = await startSandbox({ port: 0, dataDir, quiet: true, withConnector: true });
      const hooks = second.emulator.webhooks.list(1);
      await second.close();
      expect(firstHooks).toHaveLength(1);
      expect(hooks.map((h) => new URL(h.url).origin)).toEqual([second.url]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("npm start on a port in use says so and how to choose another, without a stack trace", async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, "127.0.0.1", ok));
    const port = (busy.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-busy-"));
    try {
      const { spawnSync } = await import("node:child_process");
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/sandbox/main.ts"], {
        env: { ...process.env, PORT: String(port), SANDBOX_DATA_DIR: dataDir },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Port ${port} is already in use`);
      expect(run.stderr).toContain("PORT=9000 npm start");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
