// The call-history panel on record detail: one records.json request per page of 20, for every phone
// number of the record at once (query built in ./query.ts).
import { fieldText, numbersOf, type KintoneRecord } from "../../shared/kintone/record";
import { buildHistoryQuery, HISTORY_PAGE_SIZE } from "./query";
import { allPhoneFields } from "../../shared/settings";
import { onRecordEvent, EVENTS, type Platform, type RecordEvent } from "../../kintone-js/events";
import type { RecordView } from "../../kintone-js/record-view";
import { getRecords } from "../../kintone-js/records";
import { viewContext, type ViewContext } from "../context";
import { dateTimeFormatter, labelKey, shapeRow, type Labels, type RowWords } from "./rows";
import { mountPanel, type PanelView } from "./view";
import { viewMessages, type ViewMessageKey } from "../messages";

/**
 * The Space field when set and present; otherwise the record's header menu space (kintone has no end-of-record
 * element), where on desktop it is a compact bar that opens on a click instead of pushing the record down.
 */
function host(ctx: ViewContext, view: RecordView, panel: (h: HTMLElement, compact: boolean) => PanelView): PanelView | null {
  const spaceId = ctx.settings.history.panelSpaceId;
  const space = spaceId ? view.spaceElement(spaceId) : null;
  const target = space ?? view.headerElement();
  if (!target) return null;
  const p = panel(target, !space && view.platform === "desktop");
  if (spaceId && !space) p.setNote(ctx.t("history.space_missing", { space: spaceId }));
  return p;
}

export async function showHistory(ctx: ViewContext, view: RecordView, record: KintoneRecord): Promise<void> {
  const { history } = ctx.settings;
  if (!history.appId) return;
  const t = ctx.t;
  const mounted = host(ctx, view, (h, compact) =>
    mountPanel(h, compact, {
      title: t("history.title"),
      transcription: t("history.transcription"),
      recordings: t("history.recordings"),
      agent: t("history.agent"),
      duration: t("history.duration"),
      more: t("history.more"),
      memoMore: t("history.memo_more"),
      memoLess: t("history.memo_less"),
    }),
  );
  if (!mounted) return;
  const panel: PanelView = mounted;
  const phoneFields = allPhoneFields(ctx.settings);
  const numbers = numbersOf(record, phoneFields);
  if (!numbers.length) {
    // Text that is there but no number is worth saying: the user can fix it.
    const typed = phoneFields.map((code) => fieldText(record[code]).trim()).find(Boolean);
    const shown = typed && typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
    panel.setStatus(shown ? t("history.not_a_number", { text: shown }) : t("history.no_number"));
    return panel.setBusy(false);
  }
  const formatWhen = dateTimeFormatter(ctx.timeZone, ctx.lang);
  const words: RowWords = {
    days: (n) => t("history.days", { n: n.toLocaleString(ctx.lang === "en" ? "en-US" : "ja-JP") }),
    recording: (index, count) =>
      count === 1
        ? t("history.recording")
        : t(index === 1 ? "history.recording_before_hold" : "history.recording_after_hold", { n: index }),
  };
  const label: Labels = (kind, raw) => {
    const key = labelKey(kind, raw, viewMessages.ja);
    return key ? t(key as ViewMessageKey) : raw;
  };
  const seen = new Set<string>();
  let offset = 0;

  async function load(): Promise<void> {
    const q = buildHistoryQuery(history.fields, numbers, { offset });
    if (!q.ok) {
      panel.setStatus(t("setting.invalid", { setting: q.missing }), "error");
      return panel.setBusy(false);
    }
    panel.setBusy(true);
    const r = await getRecords(history.appId, q.query, q.fields);
    panel.setBusy(false);
    if (!r.ok) {
      const e = r.error;
      const text =
        e.kind === "forbidden"
          ? t("history.forbidden")
          : e.kind === "app_missing"
            ? t("history.app_missing", { appId: history.appId })
            : e.kind === "bad_query"
              ? t("history.bad_field")
              : t("history.failed", { reason: e.message });
      return panel.setStatus(text, "error");
    }
    offset += r.records.length;
    // Calls written between two pages shift the offset; never show one twice.
    const rows = r.records
      .map((rec) => shapeRow(rec, history.fields, formatWhen, label, words))
      .filter((row) => !seen.has(row.id) && seen.add(row.id));
    panel.append(rows);
    const total = r.totalCount ?? seen.size;
    panel.setStatus(seen.size === 0 ? t("history.empty") : "");
    panel.setFooter(
      seen.size ? t("history.count", { total, shown: seen.size }) : "",
      r.records.length === HISTORY_PAGE_SIZE && offset < total,
    );
  }

  panel.setStatus(t("history.loading"));
  panel.onMore(() => void load());
  await load();
}

export function registerCallHistory(platform: Platform, view: RecordView): void {
  onRecordEvent<RecordEvent>(EVENTS[platform].detailShow, (event) => {
    const ctx = viewContext();
    // Not awaited: kintone shows the record at once; the panel fills in when its one request returns.
    if (ctx) void showHistory(ctx, view, event.record);
  });
}
