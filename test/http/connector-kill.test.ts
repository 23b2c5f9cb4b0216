// kill -9 at any moment loses nothing and duplicates nothing: `serve` in a child process, killed right after
// acknowledging a burst of call webhooks, then restarted on the same data directory.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";
import { freePort, serveConnector } from "../helpers/connector-process";

let h: Harness;
let dataDir: string;
let port: number;
let child: ChildProcess | null = null;
const ADMIN = "kill-test-admin-secret-0123456789";

async function serve(): Promise<ChildProcess> {
  const served = await serveConnector(
    { CONNECTOR_ADMIN_SECRET: ADMIN, CONNECTOR_ENCRYPTION_KEY: "kill-test-encryption-key-0123456789", CONNECTOR_DATA_DIR: dataDir },
    port,
  );
  return served.proc;
}

beforeAll(async () => {
  h = await startHarness();
  dataDir = mkdtempSync(join(tmpdir(), "connector-kill-"));
  port = await freePort();
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("writes every acknowledged call exactly once across SIGKILLs, before and during processing", async () => {
  child = await serve();
  const put = await h.registerAt(`http://localhost:${port}/`, ADMIN);
  expect(put.status).toBe(200);
  const hook = ((await put.json()) as { webhooks: { callconnect: string } }).webhooks.callconnect;
  const burst = (round: string) =>
    Array.from({ length: 30 }, (_, i) =>
      new URLSearchParams({
        "record[id]": `${round}-${i}`,
        "record[status]": "100",
        "record[number]": `03-5555-${String(round === "k" ? 1000 + i : 2000 + i)}`,
        "contact[company]": `会社${round}${i}`,
      }).toString(),
    );
  const send = (b: string) => fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: b });
  const written = async (round: string) =>
    (await h.kintone.record.getRecords({ app: 2, query: `CallID like "${round}-" limit 500` })).records.map((r) => String(r.CallID?.value));
  const restart = async () => {
    child!.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));
    child = await serve();
  };

  // Round 1: killed right after the acknowledgements, before the worker wakes up.
  const first = burst("k");
  expect((await Promise.all(first.map(send))).every((a) => a.status === 200)).toBe(true);
  await restart();
  // Round 2: killed the moment kintone shows the first record, i.e. between kintone's write and the inbox update.
  const second = burst("m");
  expect((await Promise.all(second.map(send))).every((a) => a.status === 200)).toBe(true);
  for (let i = 0; i < 400 && (await written("m")).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await restart();
  // Replays after the restarts must not write again either.
  expect((await Promise.all([...first.slice(0, 5), ...second.slice(0, 5)].map(send))).every((a) => a.status === 200)).toBe(true);

  const expected = [...first, ...second].map((b) => new URLSearchParams(b).get("record[id]")!).sort();
  let rows: string[] = [];
  for (let i = 0; i < 150; i++) {
    rows = [...(await written("k")), ...(await written("m"))];
    if (rows.length >= 60) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500));
  rows = [...(await written("k")), ...(await written("m"))];
  expect(rows.sort()).toEqual(expected);
  const customers = (await h.kintone.record.getRecords({ app: 1, query: '会社名 like "会社" limit 500' })).records;
  expect(customers).toHaveLength(60);
}, 60_000);
