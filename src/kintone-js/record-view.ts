// DOM and page lookups of a record page, desktop or mobile, through kintone's documented functions only.
import { recordUrl } from "../shared/kintone/record";
import type { Platform } from "./events";

export interface RecordView {
  platform: Platform;
  /** Detail page: the element of one field; null when hidden or unknown. */
  fieldElement(code: string): HTMLElement | null;
  /** List page (table views): one element per row. */
  fieldElements(code: string): HTMLElement[];
  spaceElement(id: string): HTMLElement | null;
  /** Where a block goes when no Space is set: the record's header space (kintone offers no "end of record" element). */
  headerElement(): HTMLElement | null;
  /** Stable link back to a record, guest spaces included. */
  recordUrl(appId: number | string, recordId: number | string): string;
}

export { recordUrl };

export function desktopView(): RecordView {
  return {
    platform: "desktop",
    fieldElement: (code) => kintone.app.record.getFieldElement(code),
    fieldElements: (code) => kintone.app.getFieldElements(code) ?? [],
    spaceElement: (id) => kintone.app.record.getSpaceElement(id),
    headerElement: () => kintone.app.record.getHeaderMenuSpaceElement(),
    recordUrl: (appId, recordId) => recordUrl(window.location, appId, recordId),
  };
}

export function mobileView(): RecordView {
  return {
    platform: "mobile",
    fieldElement: (code) => kintone.mobile.app.record.getFieldElement(code),
    fieldElements: (code) => kintone.mobile.app.getFieldElements(code) ?? [],
    spaceElement: (id) => kintone.mobile.app.record.getSpaceElement(id),
    headerElement: () => kintone.mobile.app.getHeaderSpaceElement(),
    recordUrl: (appId, recordId) => recordUrl(window.location, appId, recordId),
  };
}
