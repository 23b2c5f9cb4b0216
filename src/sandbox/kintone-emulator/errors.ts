// kintone's error JSON ({code, id, message, errors?}) with the ja/en texts kintone answers with.
import { randomBytes } from "node:crypto";

type Lang = "ja" | "en";
interface Entry {
  status: number;
  ja: (arg: string, arg2: string) => string;
  en: (arg: string, arg2: string) => string;
}

const catalogue = {
  CB_AU01: { status: 401, ja: () => "ログインしてください。", en: () => "Please login." },
  CB_WA01: {
    status: 401,
    ja: () => "ユーザーのパスワード認証に失敗しました。「X-Cybozu-Authorization」ヘッダーの値が正しくありません。",
    en: () => 'Password authentication failed. The value of the "X-Cybozu-Authorization" header is invalid.',
  },
  CB_NO02: { status: 403, ja: () => "権限がありません。", en: () => "No privilege to proceed." },
  GAIA_IA02: {
    status: 400,
    ja: () => "指定したAPIトークンが正しくありません。",
    en: () => "The specified API token does not match the API token generated via an app.",
  },
  GAIA_AP01: {
    status: 404,
    ja: (id) => `指定したアプリ（id: ${id}）が見つかりません。削除されている可能性があります。`,
    en: (id) => `The app (ID: ${id}) not found. The app may have been deleted.`,
  },
  GAIA_RE01: {
    status: 404,
    ja: (id) => `指定したレコード（id: ${id}）が見つかりません。`,
    en: (id) => `The specified record (ID: ${id}) is not found.`,
  },
  CB_VA01: { status: 400, ja: () => "入力内容が正しくありません。", en: () => "Missing or invalid input." },
  GAIA_CO02: {
    status: 409,
    ja: () => "指定したrevisionは最新ではありません。ほかのユーザーがレコードを更新した可能性があります。",
    en: () => "The revision is not the latest. Someone may update a record.",
  },
  CB_IJ01: { status: 400, ja: () => "不正なJSON文字列です。", en: () => "Invalid JSON string." },
  // Query errors: codes as real kintone answers them (syntax errors are CB_VA01 with errors.query).
  GAIA_IQ11: { status: 400, ja: (f) => `指定されたフィールド(${f})が見つかりません。`, en: (f) => `Specified field (${f}) not found.` },
  GAIA_IQ03: {
    status: 400,
    ja: (f, op) => `${f}フィールドのフィールドタイプには演算子${op}を使用できません。`,
    en: (f, op) => `The operator ${op} cannot be used for the field type of ${f}.`,
  },
  GAIA_IQ07: {
    status: 400,
    ja: (f, op) =>
      `レコードを読み込めません。テーブルに設定している場合、${f}フィールドのフィールドタイプには、演算子${op}を使用できません。`,
    en: (f, op) => `Cannot read records. The operator ${op} cannot be used for ${f} when the field is in a table.`,
  },
  GAIA_IQ10: {
    status: 400,
    ja: (f, v) => `フィールド(${f})の選択肢に「${v}」はありません。`,
    en: (f, v) => `"${v}" is not an option of the field (${f}).`,
  },
  GAIA_QU01: { status: 400, ja: () => "limit には 500 以下の値を指定してください。", en: () => "limit must be 500 or less." },
  GAIA_QU02: { status: 400, ja: () => "offset には 10,000 以下の値を指定してください。", en: () => "offset must be 10,000 or less." },
  GAIA_RE18: {
    status: 404,
    ja: () => "指定したカーソルが見つかりません。",
    en: () => "The specified cursor does not exist.",
  },
  GAIA_CU01: {
    status: 400,
    ja: () => "作成できるカーソルの上限に達しているため、カーソルを作成できません。",
    en: () => "You have reached the limit of cursors that can be created.",
  },
  GAIA_TO04: {
    status: 429,
    ja: () => "同時に処理できるリクエスト数の上限を超えています。",
    en: () => "The number of concurrent requests exceeded the limit.",
  },
  CB_NO01: { status: 404, ja: () => "指定されたAPIが見つかりません。", en: () => "The specified API is not found." },
  CB_UN01: { status: 500, ja: () => "予期しないエラーが発生しました。", en: () => "An unexpected error occurred." },
} satisfies Record<string, Entry>;

export type KintoneErrorCode = keyof typeof catalogue;

/** Thrown by the emulator's handlers and admin hooks; the HTTP layer renders it as kintone's error JSON. */
export class KintoneEmulatorError extends Error {
  readonly status: number;
  private readonly args: [string, string];
  constructor(
    readonly code: KintoneErrorCode,
    arg: string | [string, string] = "",
    readonly errors?: Record<string, Problem[]>,
  ) {
    const args: [string, string] = Array.isArray(arg) ? arg : [arg, ""];
    super(catalogue[code].en(...args));
    this.args = args;
    this.name = "KintoneEmulatorError";
    this.status = catalogue[code].status;
  }

  body(lang: Lang): { code: string; id: string; message: string; errors?: Record<string, { messages: string[] }> } {
    const id = randomBytes(10).toString("base64url");
    const message = catalogue[this.code][lang](...this.args);
    if (!this.errors) return { code: this.code, id, message };
    const errors: Record<string, { messages: string[] }> = {};
    for (const [key, problems] of Object.entries(this.errors)) errors[key] = { messages: problems.map((p) => p[lang]) };
    return { code: this.code, id, message, errors };
  }
}

/** One field message in both languages; rendered in the request's language. */
export interface Problem {
  ja: string;
  en: string;
}

/** Validation error with kintone's `errors` map (keys like `record.<code>.value`). */
export function validationError(errors: Record<string, Problem[]>): KintoneEmulatorError {
  return new KintoneEmulatorError("CB_VA01", "", errors);
}
