// The kintone emulator's cost for the connector's workload: 30,000 customers in POSTs of 100, read back 500 at a time.
import { KintoneRestAPIClient } from "@kintone/rest-api-client";
import { field, form } from "../src/sandbox/kintone-emulator/form.js";
import { startEmulatorServer } from "../src/sandbox/kintone-emulator/serve.js";
import { ADMINISTRATOR } from "../test/helpers/emulator";

const TOTAL = 30_000;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const env = await startEmulatorServer();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    env.emulator.users.add(ADMINISTRATOR);
    const app = env.emulator.apps.create({
      name: "顧客管理",
      properties: form(
        field.text("会社名", { required: true }),
        field.text("顧客コード", { unique: true }),
        field.link("電話番号", "CALL"),
        field.text("担当者"),
      ),
    });
    const token = env.emulator.tokens.create(app, { view: true, add: true, edit: true, delete: true });
    const post = (records: unknown[]) =>
      fetch(`${env.url}/k/v1/records.json`, {
        method: "POST",
        headers: { "X-Cybozu-API-Token": token, "Content-Type": "application/json" },
        body: JSON.stringify({ app, records }),
      });
    const customer = (i: number) => ({
      会社名: { value: `株式会社サンプル${i}` },
      顧客コード: { value: `C${String(i).padStart(6, "0")}` },
      電話番号: { value: `03-${String(1000 + (i % 9000))}-${String(i % 10000).padStart(4, "0")}` },
      担当者: { value: "佐藤" },
    });

    const postTimes: number[] = [];
    const loadStart = performance.now();
    for (let i = 0; i < TOTAL; i += 100) {
      const t = performance.now();
      const res = await post(Array.from({ length: 100 }, (_, k) => customer(i + k)));
      if (!res.ok) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
      postTimes.push(performance.now() - t);
    }
    const loadMs = performance.now() - loadStart;

    const client = new KintoneRestAPIClient({ baseUrl: env.url, auth: { apiToken: token } });
    const readTimes: number[] = [];
    const readStart = performance.now();
    let lastId = 0;
    let count = 0;
    for (;;) {
      const t = performance.now();
      const { records } = await client.record.getRecords({ app, query: `$id > ${lastId} order by $id asc limit 500` });
      readTimes.push(performance.now() - t);
      count += records.length;
      if (records.length < 500) break;
      lastId = Number(records[records.length - 1]?.$id?.value);
    }
    const readMs = performance.now() - readStart;
    if (count !== TOTAL) throw new Error(`read ${count} of ${TOTAL}`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

    console.log(
      `load ${TOTAL} records (POST ×${postTimes.length} of 100): ${ms(loadMs)} total, median POST of 100: ${ms(median(postTimes))}`,
    );
    console.log(
      `read ${TOTAL} records (GET ×${readTimes.length} of 500, seek by $id): ${ms(readMs)} total, median GET of 500: ${ms(median(readTimes))}`,
    );
    console.log(`peak RSS of this process (client and emulator together): ${mb(peak)}`);
  } finally {
    clearInterval(sampler);
    await env.close();
  }
}
