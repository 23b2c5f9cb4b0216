// The worker on PostgreSQL gives back what it claimed and did not start. The case that once stuck work for a whole
// lease: an item whose task failed (and was scheduled again at once) while the worker was reading the queue comes
// back in that very read, is set aside as "still busy", and must still be released.
import { afterAll, beforeAll, expect, it } from "vitest";
import pino from "pino";
import { startHarness, type Harness } from "../harness/connector";
import { freshDatabase } from "../helpers/postgres";
import { createPostgresStore } from "../../src/connector/store/postgres";
import { createSecretBox } from "../../src/connector/crypto";
import type { ConnectorStore } from "../../src/connector/store/types";
import type { KintoneAccess } from "../../src/connector/clients/kintone-rest";
import { createWorker } from "../../src/connector/work/worker";
import { customerUpsertWork } from "../../src/connector/work/keys";
import { defaultSettings } from "../../src/shared/settings";
import { appKey } from "../../src/connector/tenants";

const A1 = appKey("", "1");

let h: Harness;
let db: { url: string; drop(): Promise<void> };
let store: ConnectorStore;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  h = await startHarness();
  db = await freshDatabase();
  store = createPostgresStore({ url: db.url, box: createSecretBox("leases-test-key-0123456789"), holder: "w1", leaseMs: 30_000 });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
  await h?.close();
});

it("releases an item that came back in the read its failing task raced with, so it is retried at once", async () => {
  const settings = defaultSettings();
  settings.callconnect.baseUrl = `${h.url}/callconnect/`;
  settings.customer.phoneFields = ["電話番号"];
  await store.putApp({
    key: A1,
    tenant: "",
    appId: "1",
    settings,
    secrets: {
      ...{ customerApiToken: "", historyApiToken: "", basicAuthUser: "", basicAuthPassword: "" },
      callconnectToken: h.tokens.callconnect,
    },
    kintoneBaseUrl: h.kintoneUrl,
    webhookKey: "k",
  });
  const record = {
    $id: { type: "__ID__", value: "7" },
    会社名: { value: "競合" },
    電話番号: { type: "SINGLE_LINE_TEXT", value: "03-1234-5678" },
  };
  await store.enqueue(customerUpsertWork(A1, "7", "1", record));
  // CallConnect answers the first upsert slowly, with a 503: the worker polls the queue while it waits.
  h.simulator.injectFaults([{ path: "api/v1/customers", status: 503, delayMs: 150 }]);
  let slowReads = true;
  const racing: ConnectorStore = {
    ...store,
    // The read starts while the upsert is in flight and ends after the failure was scheduled again.
    due: async (now, limit) => {
      if (slowReads) await sleep(300);
      return store.due(Date.now(), limit);
    },
  };
  const worker = createWorker({
    store: racing,
    log: pino({ level: "silent" }),
    backoff: { baseMs: 1, maxMs: 2, maxAttempts: 10 },
    accessFor: () => ({}) as KintoneAccess,
    concurrency: 2,
    callconnectRequests: { count: 0 },
  });
  await worker.drain();
  slowReads = false;
  for (let i = 0; i < 20 && (await store.counts(A1)).done === 0; i++) {
    await worker.drain();
    await sleep(25);
  }
  expect(await store.counts(A1)).toMatchObject({ pending: 0, done: 1, failed: 0 });
});
