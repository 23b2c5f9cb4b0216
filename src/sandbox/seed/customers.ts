// About forty customers with numbers written the many ways people type them, and a few past calls.
import type { RecordInput } from "../kintone-emulator/types";
import { normalizePhone } from "../../shared/phone";
import { translator } from "../../shared/i18n";
import { connectorMessages } from "../../shared/messages/connector";

const COMPANIES = [
  "株式会社さくら商事",
  "有限会社みどり工務店",
  "東都物産株式会社",
  "株式会社ひかり電機",
  "合同会社あおば企画",
  "株式会社北斗システム",
  "浪速運輸株式会社",
  "株式会社つばめ食品",
  "株式会社すずらん薬局",
  "富士見建設株式会社",
  "株式会社かもめ観光",
  "株式会社山吹印刷",
  "株式会社しらかば不動産",
  "中央精機株式会社",
  "株式会社はなみずき保険",
  "株式会社こだま通信",
  "株式会社いろは出版",
  "株式会社あさひ農園",
  "港南ロジスティクス株式会社",
  "株式会社わかば学習塾",
  "株式会社ときわ医療器",
  "株式会社銀河ソフト",
  "株式会社なでしこ美容",
  "株式会社かえで税理士事務所",
  "株式会社ふたば保育",
  "株式会社せせらぎ酒造",
  "株式会社たちばな家具",
  "株式会社みなと水産",
  "株式会社ひまわり介護",
  "株式会社おおぞら航空サービス",
  "株式会社いずみ設計",
  "株式会社くすのき法律事務所",
  "株式会社しおさい旅館",
  "株式会社やまびこ楽器",
  "株式会社ほたる照明",
  "株式会社もみじ造園",
  "株式会社あかね広告",
  "株式会社つくし歯科",
  "株式会社しずく化粧品",
  "株式会社こはく珈琲",
];
const FAMILY = [
  "佐藤",
  "鈴木",
  "高橋",
  "田中",
  "伊藤",
  "渡辺",
  "山本",
  "中村",
  "小林",
  "加藤",
  "吉田",
  "山田",
  "佐々木",
  "松本",
  "井上",
  "木村",
  "林",
  "斎藤",
  "清水",
  "山崎",
];
const GIVEN = ["太郎", "花子", "健一", "美咲", "翔太", "陽子", "大輔", "由美", "誠", "直子"];
const ROMAJI = [
  "sato",
  "suzuki",
  "takahashi",
  "tanaka",
  "ito",
  "watanabe",
  "yamamoto",
  "nakamura",
  "kobayashi",
  "kato",
  "yoshida",
  "yamada",
  "sasaki",
  "matsumoto",
  "inoue",
  "kimura",
  "hayashi",
  "saito",
  "shimizu",
  "yamazaki",
];
const PLACES = [
  "東京都千代田区丸の内1-1-1",
  "大阪府大阪市北区梅田2-2-2",
  "愛知県名古屋市中村区名駅3-3-3",
  "福岡県福岡市博多区博多駅前4-4-4",
  "北海道札幌市中央区北1条西5-5",
  "宮城県仙台市青葉区中央6-6-6",
  "神奈川県横浜市西区みなとみらい7-7",
  "京都府京都市下京区烏丸通8-8",
];
const AREA = [
  { code: "03", rest: (n: number) => [`${3000 + n * 37}`.slice(0, 4), `${5000 + n * 91}`.slice(0, 4)] },
  { code: "06", rest: (n: number) => [`${6100 + n * 29}`.slice(0, 4), `${1000 + n * 53}`.slice(0, 4)] },
  { code: "052", rest: (n: number) => [`${500 + n * 7}`.slice(0, 3), `${2000 + n * 61}`.slice(0, 4)] },
  { code: "092", rest: (n: number) => [`${400 + n * 9}`.slice(0, 3), `${7000 + n * 43}`.slice(0, 4)] },
];
const toFullWidth = (s: string) => s.replace(/[0-9-]/g, (c) => (c === "-" ? "－" : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

/** The same kind of number written differently per customer: the matching must normalise, never compare raw text. */
function notation(i: number): string {
  const area = AREA[i % AREA.length]!;
  const [a, b] = area.rest(i);
  const national = `${area.code}-${a}-${b}`;
  switch (i % 6) {
    case 0:
      return national;
    case 1:
      return national.replace(/-/g, "");
    case 2:
      return `+81 ${area.code.slice(1)} ${a} ${b}`;
    case 3:
      return toFullWidth(national);
    case 4:
      return `${national} 内線${100 + i}`;
    default:
      return `(${area.code}) ${a}-${b}`;
  }
}

function mobile(i: number): string {
  const n = String(10000000 + i * 7919).slice(-8);
  const raw = `0${["90", "80", "70"][i % 3]}-${n.slice(0, 4)}-${n.slice(4)}`;
  return i % 4 === 1 ? raw.replace(/-/g, "") : raw;
}

export function customerRecords(): RecordInput[] {
  return COMPANIES.map((company, i) => {
    const family = i % FAMILY.length;
    const record: RecordInput = {
      会社名: { value: company },
      担当者名: { value: `${FAMILY[family]} ${GIVEN[i % GIVEN.length]}` },
      電話番号: { value: notation(i) },
      携帯電話: { value: i % 3 === 2 ? "" : mobile(i) },
      メールアドレス: { value: `${ROMAJI[family]}.${i + 1}@example.co.jp` },
      住所: { value: PLACES[i % PLACES.length]! },
      備考: { value: i % 5 === 0 ? "月末は請求処理で忙しいため午前中の連絡を希望。" : "" },
      連絡先: { value: i % 7 === 0 ? [{ value: { 連絡先電話: { value: mobile(i + 100) } } }] : [] },
    };
    return record;
  });
}

/** Past calls for the first few customers, TEL written exactly as the customer's 電話番号 (the related list joins on it). */
export function pastCalls(customers: RecordInput[], now = Date.now()): RecordInput[] {
  const calls: RecordInput[] = [];
  // The same labels the connector writes for calls it receives, so old and new calls read alike.
  const t = translator(connectorMessages, "ja");
  const kinds = [
    { direction: t("direction.outgoing"), status: t("status.200"), duration: 184, memo: "見積書の送付について確認。来週再連絡。" },
    { direction: t("direction.incoming"), status: t("status.100"), duration: 62, memo: "納期の問い合わせ。" },
    { direction: t("direction.incoming"), status: t("status.101"), duration: 0, memo: "" },
    { direction: t("direction.outgoing"), status: t("status.201"), duration: 0, memo: "不在。折り返し待ち。" },
  ];
  customers.slice(0, 8).forEach((c, i) => {
    for (let k = 0; k < 1 + (i % 3); k++) {
      const kind = kinds[(i + k) % kinds.length]!;
      const at = new Date(now - (i * 3 + k + 1) * 86_400_000 - k * 3_600_000);
      at.setUTCSeconds(0, 0);
      calls.push({
        TEL: { value: String(c["電話番号"]?.value ?? "") },
        TEL_E164: { value: normalizePhone(String(c["電話番号"]?.value ?? "")) ?? "" },
        CallID: { value: `seed-${i + 1}-${k + 1}` },
        日時: { value: at.toISOString().replace(".000Z", "Z") },
        Direction: { value: kind.direction },
        Status: { value: kind.status },
        Duration: { value: String(kind.duration) },
        Memo: { value: kind.memo },
        顧客レコード番号: { value: String(i + 1) },
      });
    }
  });
  return calls;
}
