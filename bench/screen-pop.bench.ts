// Screen pop under load: 200 agents' streams on one connector (`serve` in its own process, so its memory is its
// own), rings posted to its webhook as CallConnect would, timed from the POST to the message in the agent's stream.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHarness } from "../test/harness/connector";
import { openAgentStream, type StreamReader } from "../test/helpers/sse";
import { serveConnector } from "../test/helpers/connector-process";
import { liveEventFields } from "../src/shared/callconnect/live-events";

const AGENTS = 200;
const RINGS = 600;
const ADMIN = "bench-admin-secret-0123456789";

/** Resident memory of a process, from /proc (Linux). */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

export async function run(): Promise<void> {
  await runStreams();
  await runCard();
}

async function runStreams(): Promise<void> {
  const h = await startHarness();
  const dataDir = mkdtempSync(join(tmpdir(), "bench-pop-"));
  const served = await serveConnector({
    CONNECTOR_ADMIN_SECRET: ADMIN,
    CONNECTOR_ENCRYPTION_KEY: "bench-encryption-key-0123456789",
    CONNECTOR_DATA_DIR: dataDir,
  });
  const { proc: child, url: base } = served;
  const streams: StreamReader[] = [];
  try {
    const put = await fetch(`${base}api/apps/1/settings`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Connector-Secret": ADMIN },
      body: JSON.stringify({
        settings: { ...h.settings(), connector: { url: base } },
        secrets: { callconnectToken: h.tokens.callconnect, customerApiToken: h.tokens.customer, historyApiToken: h.tokens.history },
        kintoneBaseUrl: h.kintoneUrl,
      }),
    });
    const hook = ((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
    await new Promise((r) => setTimeout(r, 1500)); // the first import settles
    const before = rssOf(child.pid!);
    for (let i = 0; i < AGENTS; i++) {
      streams.push(await openAgentStream(base, ADMIN, `agent${i}`, `agent${i}@example.com`));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssOf(child.pid!);

    const latencies: number[] = [];
    // Rings in waves of 20 at once, each for one agent (a call centre's busy minute), numbers unknown and known.
    for (let wave = 0; wave < RINGS / 20; wave++) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, k) => {
          const n = wave * 20 + k;
          const agent = (n * 7) % AGENTS;
          const callId = `bench-${n}`;
          const body = new URLSearchParams(
            liveEventFields({
              event: "call_ringing",
              callId,
              direction: "incoming",
              number: `03-${String(5000 + (n % 40)).padStart(4, "0")}-${String(1000 + n).slice(-4)}`,
              startedAt: new Date().toISOString(),
              sentAt: new Date().toISOString(),
              ringTo: [`agent${agent}@example.com`],
              answeredBy: null,
              contact: { id: "", name: "", company: "" },
            }),
          ).toString();
          const start = performance.now();
          const arrived = streams[agent]!.next((c) => c.callId === callId, 10_000);
          await fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
          await arrived;
          latencies.push(performance.now() - start);
        }),
      );
    }
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`${AGENTS} agents' streams on one connector; ${RINGS} rings in waves of 20 (each for one agent)`);
    console.log(
      `ring → message in the agent's stream: p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}, max ${ms(Math.max(...latencies))}`,
    );
    console.log(
      `connector RSS ${(before / 1048576).toFixed(1)} MB → ${(after / 1048576).toFixed(1)} MB with ${AGENTS} streams: ` +
        `${((after - before) / AGENTS / 1024).toFixed(1)} KB per connected agent`,
    );
  } finally {
    for (const s of streams) s.close();
    child.kill("SIGKILL");
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Ring → card on the page: the whole sandbox, yamada's list page in Chromium, 199 other agents' streams open on the
 * same connector, rings sent by the simulator (its webhook → connector → stream → card with the customer looked up).
 */
export async function runCard(): Promise<void> {
  const { launchChromium } = await import("../test/helpers/browser");
  const { authHeader, startTestSandbox } = await import("../test/helpers/sandbox");
  const sb = await startTestSandbox({ withConnector: true });
  const browser = await launchChromium();
  const others: StreamReader[] = [];
  try {
    const secret = sb.sandbox.connectorSecret;
    for (let i = 0; i < AGENTS - 1; i++) {
      others.push(await openAgentStream(`${sb.url}/connector/`, secret, `agent${i}`, `agent${i}@example.com`));
    }
    const ctx = await browser.newContext({ extraHTTPHeaders: authHeader("yamada") });
    const page = await ctx.newPage();
    await page.goto(`${sb.url}/k/1/`);
    await page.locator("body[data-k-ready=true]").waitFor();
    await page.waitForTimeout(500);
    const numbers = (await (
      await fetch(`${sb.url}/k/v1/records.json?app=1&fields[0]=電話番号&query=limit 30`, { headers: authHeader() })
    ).json()) as {
      records: { 電話番号: { value: string } }[];
    };
    const times: number[] = [];
    for (const r of numbers.records) {
      const start = performance.now();
      const resp = await fetch(`${sb.url}/callconnect/sim/ring`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ number: r.電話番号.value, agent: "yamada" }),
      });
      const { callId } = (await resp.json()) as { callId: string };
      await page.locator(`[data-cc-pop="${callId}"] .cc-pop-name`).waitFor({ timeout: 10_000 });
      times.push(performance.now() - start);
      await fetch(`${sb.url}/callconnect/sim/calls/${callId}/end`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      await page.locator(`[data-cc-pop="${callId}"] .cc-pop-close`).click();
    }
    console.log(
      `ring (simulator) → card with the customer on yamada's page, ${AGENTS} streams open, ${times.length} rings: ` +
        `p50 ${pct(times, 50).toFixed(0)} ms, p99 ${pct(times, 99).toFixed(0)} ms`,
    );
  } finally {
    for (const s of others) s.close();
    await browser.close();
    await sb.close();
  }
}
