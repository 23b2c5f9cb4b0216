// CallConnect → kintone through the connector's webhook, against the real emulator and simulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, STORES, type Harness } from "../harness/connector";
import { signBody } from "../../src/connector/http/verify";

let h: Harness;
let hook: string;

function form(fields: Record<string, string | string[]>): string {
  const f = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f.toString();
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body });
}

const call = (id: string, number: string, extra: Record<string, string | string[]> = {}) =>
  form({
    "record[id]": id,
    "record[status]": "100",
    "record[direction]": "incoming",
    "record[number]": number,
    "record[started_at]": "2026-11-24T14:00:05+09:00",
    ...extra,
  });

async function history(query: string) {
  return (await h.kintone.record.getRecords({ app: 2, query })).records;
}

async function customer(phone: string, company = "株式会社テスト") {
  return (await h.kintone.record.addRecord({ app: 1, record: { 会社名: { value: company }, 電話番号: { value: phone } } })).id;
}

describe.each(STORES)("calls (%s store)", (store) => {
  beforeAll(async () => {
    h = await startHarness({ store });
    const r = await h.register();
    expect(r.status).toBe(200);
    hook = r.webhooks.callconnect;
  });
  afterAll(async () => h?.close());

  describe("registration", () => {
    it("hands back webhook URLs carrying a per-app key, and refuses a wrong admin secret", async () => {
      expect(hook).toMatch(new RegExp(`^${h.connectorUrl}webhooks/callconnect/1\\?key=[\\w-]{20,}$`));
      const wrong = await fetch(`${h.connectorUrl}api/apps/1/status`, { headers: { "X-Connector-Secret": "nope" } });
      expect(wrong.status).toBe(401);
      const again = await h.register();
      expect(again.webhooks.callconnect).toBe(hook);
    });
  });

  describe("the CallConnect webhook", () => {
    it("refuses an unauthenticated delivery with 401 and stores nothing", async () => {
      const bad = hook.replace(/key=[^&]+/, "key=wrong");
      const noKey = hook.replace(/\?key=[^&]+/, "");
      const body = call("unauth-1", "03-9999-0000");
      expect((await post(bad, body)).status).toBe(401);
      expect((await post(noKey, body)).status).toBe(401);
      expect((await post(noKey, body, { "X-CallConnect-Signature": signBody(body, "not-the-key") })).status).toBe(401);
      expect((await post(`${h.connectorUrl}webhooks/callconnect/99?key=x`, body)).status).toBe(401);
      await h.connector.runOnce();
      expect((await h.connector.status())[0]).toMatchObject({ pending: 0, done: 0, failed: 0 });
      expect(await history('CallID = "unauth-1"')).toHaveLength(0);
    });

    it("writes one history record by the mapping, linked to the customer whatever notation it uses", async () => {
      const id = await customer("０３－１２３４－５６７８");
      await h.connector.sync("1"); // the first sync indexes every customer's numbers
      const body = call("c-1", "03-1234-5678", {
        "record[duration]": "65",
        "record[user_email]": "yamada@example.com",
        "record[memo]": "折り返し希望",
        "record[recording_urls][]": ["https://rec.example/1.wav", "https://rec.example/2.wav"],
      });
      const resp = await post(hook, body);
      expect(resp.status).toBe(200);
      await h.connector.runOnce();
      const rows = await history('CallID = "c-1"');
      expect(rows).toHaveLength(1);
      const r = rows[0]!;
      expect(r.TEL_E164?.value).toBe("+81312345678");
      expect(r.TEL?.value).toBe("０３－１２３４－５６７８"); // the customer's own notation: kintone's related list joins on equal text
      expect(r.URL?.value).toBe("https://rec.example/1.wav\nhttps://rec.example/2.wav");
      expect(r.Status?.value).toBe("着信通話");
      expect(r.Duration?.value).toBe("65");
      expect(r.日時?.value).toBe("2026-11-24T05:00:00Z");
      expect(r.顧客レコード番号?.value).toBe(id);
      expect(r.担当者?.value).toEqual([{ code: "yamada", name: "山田 花子" }]);
    });

    it("writes nothing new for a replay, and updates the same record on a later event", async () => {
      const body = call("c-1", "03-1234-5678", { "record[duration]": "65" });
      const replay = await post(hook, body);
      expect(await replay.json()).toMatchObject({ ok: true, duplicate: true });
      const memo = call("c-1", "03-1234-5678", { "record[event]": "memo_saved", "record[memo]": "見積もり送付済み" });
      expect((await post(hook, memo)).status).toBe(200);
      await h.connector.runOnce();
      const rows = await history('CallID = "c-1"');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.Memo?.value).toBe("見積もり送付済み");
      expect(rows[0]!.URL?.value).toBe("https://rec.example/1.wav\nhttps://rec.example/2.wav");
    });

    it("accepts a delivery signed with X-CallConnect-Signature instead of the key", async () => {
      const key = new URL(hook).searchParams.get("key")!;
      const body = call("c-signed", "03-1234-5678");
      const resp = await post(hook.replace(/\?key=.*$/, ""), body, { "X-CallConnect-Signature": signBody(body, key) });
      expect(resp.status).toBe(200);
      await h.connector.runOnce();
      expect(await history('CallID = "c-signed"')).toHaveLength(1);
    });

    it("creates one customer for two concurrent calls from the same unknown number", async () => {
      const before = (await h.kintone.record.getRecords({ app: 1, totalCount: true })).totalCount;
      const bodies = ["u-1", "u-2"].map((id) =>
        call(id, "06-6111-2222", { "contact[company]": "株式会社はじめて", "contact[name]": "初見 一郎" }),
      );
      const answers = await Promise.all(bodies.map((b) => post(hook, b)));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await Promise.all([h.connector.runOnce(), h.connector.runOnce()]);
      const created = (await h.kintone.record.getRecords({ app: 1, query: '会社名 = "株式会社はじめて"' })).records;
      expect(created).toHaveLength(1);
      expect(created[0]!.電話番号?.value).toBe("06-6111-2222");
      expect(created[0]!.担当者名?.value).toBe("初見 一郎");
      expect(Number((await h.kintone.record.getRecords({ app: 1, totalCount: true })).totalCount)).toBe(Number(before) + 1);
      const calls = await history('CallID in ("u-1", "u-2")');
      expect(calls.map((c) => c.顧客レコード番号?.value)).toEqual([created[0]!.$id!.value, created[0]!.$id!.value]);
      // A later call from that number links to the same customer and creates none.
      await post(hook, call("u-3", "+81 6 6111 2222", { "contact[company]": "株式会社はじめて" }));
      await h.connector.runOnce();
      expect((await h.kintone.record.getRecords({ app: 1, query: '会社名 = "株式会社はじめて"' })).records).toHaveLength(1);
    });

    it("creates a customer from the number alone when CallConnect knows nothing else, filling the required company with it", async () => {
      await post(hook, call("n-1", "092-400-7777"));
      await h.connector.runOnce();
      const created = (await h.kintone.record.getRecords({ app: 1, query: '電話番号 = "092-400-7777"' })).records;
      expect(created).toHaveLength(1);
      expect(created[0]!.会社名?.value).toBe("092-400-7777");
      expect(created[0]!.担当者名?.value).toBe("");
      const [r] = await history('CallID = "n-1"');
      expect(r?.顧客レコード番号?.value).toBe(created[0]!.$id!.value);
    });

    it("writes a number shared by several customers once, linked to the first, and creates no customer", async () => {
      const first = await customer("052-500-7000", "本社");
      await customer("0525007000", "名古屋支店");
      const before = (await h.kintone.record.getRecords({ app: 1, totalCount: true })).totalCount;
      await post(hook, call("s-1", "052-500-7000"));
      await h.connector.runOnce();
      const rows = await history('CallID = "s-1"');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.顧客レコード番号?.value).toBe(first);
      expect((await h.kintone.record.getRecords({ app: 1, totalCount: true })).totalCount).toBe(before);
      // Both customers show it through the normalised number.
      expect(await history('TEL_E164 = "+81525007000"')).toHaveLength(1);
    });

    it("writes an agent kintone does not know as text in the memo", async () => {
      await post(
        hook,
        call("a-1", "03-1234-5678", {
          "record[user_email]": "ghost@example.com",
          "record[user_name]": "幽霊 太郎",
          "record[memo]": "メモ",
        }),
      );
      await h.connector.runOnce();
      const [r] = await history('CallID = "a-1"');
      expect(r?.担当者?.value).toEqual([]);
      expect(r?.Memo?.value).toBe("メモ\n担当者: 幽霊 太郎");
    });

    it("writes one record for a call ended on the simulator's web phone, whatever deliveries it sends", async () => {
      h.simulator.setWebhookTargets([{ url: hook }]);
      const end = await fetch(`${h.url}/callconnect/phone/end`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          number: "03-1234-5678",
          direction: "incoming",
          result: "answered",
          agent: "yamada@example.com",
          memo: "シミュレータから",
          hold: "1",
        }).toString(),
      });
      expect(end.status).toBeLessThan(400);
      const callId = /calls\/(\d+)/.exec(end.headers.get("location") ?? "")?.[1];
      expect(callId).toBeDefined();
      for (let i = 0; i < 3; i++) {
        await h.simulator.drainWebhooks();
        await h.connector.runOnce();
      }
      const rows = await history(`CallID = "${callId}"`);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.TEL_E164?.value).toBe("+81312345678");
      expect(String(rows[0]!.URL?.value).split("\n").length).toBeGreaterThanOrEqual(2);
      expect(rows[0]!.担当者?.value).toEqual([{ code: "yamada", name: "山田 花子" }]);
      h.simulator.setWebhookTargets([]);
    });

    it("keeps a call that arrives while kintone is down and writes it when kintone is back", async () => {
      await h.kintoneDown();
      try {
        expect((await post(hook, call("d-1", "03-1234-5678"))).status).toBe(200);
        await h.connector.runOnce();
        expect((await h.connector.status())[0]!.pending).toBe(1);
      } finally {
        await h.kintoneUp();
      }
      for (let i = 0; i < 50 && (await h.connector.status())[0]!.pending > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        await h.connector.runOnce();
      }
      expect(await history('CallID = "d-1"')).toHaveLength(1);
    });
  });
});
