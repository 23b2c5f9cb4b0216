// What `npm run setup` prints: Japanese first, then English, on one line each.
export type Step = "connect" | "historyApp" | "customerApp" | "customerPanel" | "pluginUpload" | "pluginAdd" | "deploy";

const STEPS: Record<Step, [ja: string, en: string]> = {
  connect: ["kintone への接続", "connecting to kintone"],
  historyApp: ["通話履歴アプリの作成", "creating the call-history app"],
  customerApp: ["顧客管理アプリの作成", "creating the customer app"],
  customerPanel: ["顧客アプリへの通話履歴の追加", "adding the call history to the customer app"],
  pluginUpload: ["プラグインの読み込み", "uploading the plug-in"],
  pluginAdd: ["アプリへのプラグインの追加", "adding the plug-in to the app"],
  deploy: ["アプリの設定の運用環境への反映", "deploying the app settings"],
};

export const stepName = (s: Step) => `${STEPS[s][0]} / ${STEPS[s][1]}`;

export const text = {
  found: (what: string, id: string) => `✓ 既存の「${what}」（アプリ ${id}）を使います / Using the existing 「${what}」 (app ${id})`,
  created: (what: string, id: string) => `＋「${what}」を作成しました（アプリ ${id}） / Created 「${what}」 (app ${id})`,
  panelAdded: (id: string) =>
    `＋ アプリ ${id} にスペースと関連レコード一覧を追加しました / Added the Space and the related-records list to app ${id}`,
  panelPresent: (id: string) => `✓ アプリ ${id} には通話履歴の表示欄があります / App ${id} already shows the call history`,
  panelNoPhone: (id: string, field: string) =>
    `! アプリ ${id} に「${field}」フィールドがないため、関連レコード一覧は手動で追加してください / App ${id} has no 「${field}」 field: add the related-records list by hand`,
  pluginInstalled: (id: string, version: string) =>
    `＋ プラグイン ${id}（${version}）を読み込みました / Imported plug-in ${id} (${version})`,
  pluginUpdated: (id: string, from: string, to: string) =>
    `＋ プラグイン ${id} を ${from} から ${to} に更新しました / Updated plug-in ${id} from ${from} to ${to}`,
  pluginCurrent: (id: string, version: string) =>
    `✓ プラグイン ${id}（${version}）は読み込み済みです / Plug-in ${id} (${version}) is already imported`,
  pluginAdded: (app: string) => `＋ アプリ ${app} にプラグインを追加しました / Added the plug-in to app ${app}`,
  pluginPresent: (app: string) => `✓ アプリ ${app} にはプラグインが追加済みです / The plug-in is already added to app ${app}`,
  deploying: (apps: string) => `… アプリ ${apps} の設定を運用環境に反映しています / Deploying app ${apps}`,
  nothingChanged: "変更はありません。すべて設定済みです。 / Nothing changed: everything was already set up.",
  changed: "セットアップが完了しました。 / Setup finished.",
  plan: "次の変更を加えます: / These changes will be made:",
  proceed: "続行しますか？ [y/N] / Continue? [y/N] ",
  cancelled: "中止しました。何も変更していません。 / Cancelled: nothing was changed.",
  needYes: "確認できません（端末ではありません）。--yes を付けて実行してください。 / Cannot ask (not a terminal): run with --yes.",
  failed: (step: Step, detail: string) => `✗ 失敗しました（${STEPS[step][0]}） / Failed while ${STEPS[step][1]}: ${detail}`,
  manualHeading: "手動で行う作業 / What is left to do by hand:",
  token: (what: string, url: string) =>
    `・「${what}」の API トークンを生成し、「レコード閲覧」「レコード追加」「レコード編集」にチェックして保存、アプリを更新してください / ` +
    `Generate an API token for 「${what}」 with View records, Add records and Edit records, save, then update the app:\n    ${url}`,
  settings: (url: string) =>
    `・プラグインの設定を開き、トークンと CallConnect の接続情報を入力して保存してください / Open the plug-in's settings, paste the tokens and CallConnect's connection, and save:\n    ${url}`,
  password: "パスワード / Password: ",
  missingOption: (name: string) => `--${name} を指定してください / --${name} is required`,
  noZip: (path: string) => `${path} がありません。先に npm run build を実行してください / ${path} is missing: run npm run build first`,
};
