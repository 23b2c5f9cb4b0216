import { defineMessages } from "../i18n";

// The connector: what it writes into kintone (status/direction labels) and the reasons `status` shows.
export const connectorMessages = defineMessages({
  ja: {
    "status.200": "発信通話",
    "status.201": "発信・不在",
    "status.202": "発信・話中",
    "status.100": "着信通話",
    "status.101": "着信・不在",
    "direction.outgoing": "発信",
    "direction.incoming": "着信",
    "agent.unmatched": "担当者: {agent}",
    "text.cut": "…(全{total}文字のうち、項目の上限まで記録しました)",
    "caller.origin": "コールコネクトの着信から自動で登録しました({at}、通話 ID {call})。",
    "error.permission":
      "アプリ {app} の API トークンに「{permission}」の権限がありません({step})。kintone のアプリの設定 > API トークンで権限を追加してください。",
    "error.auth": "アプリ {app} への認証に失敗しました({step}): API トークンまたは Basic 認証の設定を確認してください。",
    "error.app_missing": "アプリ {app} が見つかりません({step})。アプリ ID を確認してください。",
    "error.validation": "アプリ {app} にレコードを書き込めませんでした({step}): {details}",
    "error.callconnect_auth": "コールコネクトの API トークンが拒否されました({step})。トークンを確認してください。",
    "error.customer_refused":
      "アプリ {app} のレコード {record} をコールコネクトが受け付けませんでした: 「{field}」の値を直して保存してください({details})。保存すると自動で送り直します。{url}",
    "error.customer_refused_unknown":
      "アプリ {app} のレコード {record} をコールコネクトが受け付けませんでした({details})。レコードの内容を確認して保存してください。保存すると自動で送り直します。{url}",
    "error.bad_payload": "コールコネクトから届いた内容を読めませんでした: {details}",
    "error.other": "{step} に失敗しました: {details}",
    "permission.view": "レコード閲覧",
    "permission.add": "レコード追加",
    "permission.edit": "レコード編集",
    "permission.delete": "レコード削除",
  },
  en: {
    "status.200": "Outgoing call",
    "status.201": "Outgoing, no answer",
    "status.202": "Outgoing, busy",
    "status.100": "Incoming call",
    "status.101": "Incoming, missed",
    "direction.outgoing": "Outgoing",
    "direction.incoming": "Incoming",
    "agent.unmatched": "Agent: {agent}",
    "text.cut": "… (cut to the field's limit from {total} characters)",
    "caller.origin": "Created automatically from an incoming CallConnect call ({at}, call ID {call}).",
    "error.permission":
      'The API token of app {app} lacks the "{permission}" permission ({step}). Add it in kintone: App Settings > API Token.',
    "error.auth": "Authentication to app {app} failed ({step}): check the API token or the Basic auth settings.",
    "error.app_missing": "App {app} was not found ({step}). Check the app ID.",
    "error.validation": "Could not write a record into app {app} ({step}): {details}",
    "error.callconnect_auth": "CallConnect refused the API token ({step}). Check the token.",
    "error.customer_refused":
      'CallConnect did not accept record {record} of app {app}: correct "{field}" and save the record ({details}); saving sends it again. {url}',
    "error.customer_refused_unknown":
      "CallConnect did not accept record {record} of app {app} ({details}). Check the record and save it; saving sends it again. {url}",
    "error.bad_payload": "Could not read what CallConnect sent: {details}",
    "error.other": "{step} failed: {details}",
    "permission.view": "View records",
    "permission.add": "Add records",
    "permission.edit": "Edit records",
    "permission.delete": "Delete records",
  },
});

export type ConnectorMessageKey = keyof (typeof connectorMessages)["ja"];
