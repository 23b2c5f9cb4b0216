// 管理 > 連携 > Webhook, simulated: where finished calls are reported, and what was delivered.
import { esc } from "./http.js";
import type { DeliveryRow } from "./store.js";
import type { SimulatedWebhookTarget } from "./types.js";
import { redactUrl } from "./webhooks.js";
import { DELIVERY_HEAD, deliveryRows, page } from "./layout.js";

export function adminPage(targets: SimulatedWebhookTarget[], deliveries: DeliveryRow[], message = ""): string {
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
<section class="card"><h2>最近の送信 <small>Recent deliveries</small></h2>
<table class="deliveries"><thead>${DELIVERY_HEAD}</thead><tbody>${deliveryRows(deliveries)}</tbody></table></section>`,
  );
}
