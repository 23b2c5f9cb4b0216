// 管理 > 連携 > Webhook, simulated: where finished calls are reported, what was delivered, and a switch that
// makes the customer API fail so the plugin's outbox and the connector's retries can be tried by hand.
import { esc } from "./http.js";
import type { DeliveryRow } from "./store.js";
import type { SimulatedWebhookTarget } from "./types.js";
import type { OutageMode } from "./faults.js";
import { redactUrl } from "./webhooks.js";
import { DELIVERY_HEAD, deliveryRows, page, say, type Bilingual } from "./layout.js";

const MODE_LABELS: Record<OutageMode, Bilingual> = {
  normal: { ja: "正常", en: "Normal" },
  down: { ja: "停止（接続できない）", en: "Down: connections are dropped" },
  slow: { ja: "遅延（10 秒後に応答）", en: "Slow: answers after 10 s" },
  error: { ja: "エラー（503 を返す）", en: "Error: answers 503" },
};

function outageForm(mode: OutageMode): string {
  const options = (Object.keys(MODE_LABELS) as OutageMode[])
    .map((m) => `<label><input type="radio" name="mode" value="${m}"${m === mode ? " checked" : ""}> ${say(MODE_LABELS[m])}</label>`)
    .join("");
  const banner =
    mode === "normal"
      ? ""
      : `<p class="error" role="status" data-testid="outage">${say({
          ja: `顧客 API は「${MODE_LABELS[mode].ja}」に切り替えてあります。`,
          en: `The customer API is failing on purpose (${MODE_LABELS[mode].en}).`,
        })}</p>`;
  return `<section class="card"><h2>障害のシミュレーション <small>Simulate an outage of the customer API</small></h2>${banner}
<form method="post" action="/callconnect/admin/outage" class="controls"><fieldset><legend>API の状態 <small>API state</small></legend>${options}</fieldset>
<button type="submit">切り替え <small>Switch</small></button>
<p class="hint">ウェブ電話とこの管理画面は影響を受けません。<small>The web phone and this page keep working.</small></p></form></section>`;
}

export function adminPage(targets: SimulatedWebhookTarget[], deliveries: DeliveryRow[], mode: OutageMode, message = ""): string {
  const list = targets.length
    ? `<ul class="targets">${targets
        .map((t) => `<li><span class="url">${esc(redactUrl(t.url))}</span>${t.signingSecret ? " <small>署名あり Signed</small>" : ""}</li>`)
        .join("")}</ul>`
    : `<p class="empty">送信先なし <small>No webhook target</small></p>`;
  return page(
    "管理 > 連携 > Webhook",
    `<section class="card"><h1>管理 &gt; 連携 &gt; Webhook <small>Admin › Integrations › Webhook</small></h1>
${message ? `<p class="notice" role="status">${esc(message)}</p>` : ""}${list}
<form method="post" action="/callconnect/admin/webhook" class="controls">
<label>Webhook URL <input name="url" type="url" placeholder="http://localhost:8080/connector/webhooks/callconnect/1?key=…" size="60"></label>
<label>署名シークレット <small>Signing secret (optional)</small> <input name="signing_secret" type="password" autocomplete="off"></label>
<button type="submit">保存 <small>Save</small></button>
<p class="hint">空の URL で保存すると送信先を削除します。<small>Saving an empty URL removes the target.</small></p></form></section>
${outageForm(mode)}
<section class="card"><h2>最近の送信 <small>Recent deliveries</small></h2>
<table class="deliveries"><thead>${DELIVERY_HEAD}</thead><tbody>${deliveryRows(deliveries)}</tbody></table></section>`,
  );
}
