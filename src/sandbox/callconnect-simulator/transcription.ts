// A plausible Japanese transcription for an answered call, so the history panel has something to show.
export function generateTranscription(call: {
  direction: "outgoing" | "incoming";
  agentName: string;
  customerName: string;
  company: string;
  memo: string;
}): string {
  const customer = call.customerName || "お客様";
  const lines =
    call.direction === "outgoing"
      ? [
          `担当者: お世話になっております。コールコネクトの${call.agentName}です。${call.company ? `${call.company}の` : ""}${customer}様でいらっしゃいますか。`,
          `顧客: はい、${customer}です。`,
          "担当者: 先日お問い合わせいただいた件でお電話しました。",
        ]
      : [
          `担当者: お電話ありがとうございます。コールコネクトの${call.agentName}でございます。`,
          `顧客: ${call.company ? `${call.company}の` : ""}${customer}です。ご相談したいことがありまして。`,
          "担当者: かしこまりました。ご用件をお伺いします。",
        ];
  if (call.memo.trim()) lines.push(`担当者: 確認いたします。${call.memo.trim().split(/\r?\n/)[0]}`);
  lines.push("顧客: よろしくお願いします。", "担当者: 失礼いたします。");
  return lines.join("\n");
}
