// What the current page exposes to kintone's JS API (record, field and space elements, list cells).
import type { BootData } from "./boot-data";

export interface FieldProp {
  type: string;
  code: string;
  label: string;
  required?: boolean;
  protocol?: string;
  unit?: string;
  options?: Record<string, { label: string; index: string }>;
  fields?: Record<string, FieldProp>;
  referenceTable?: {
    relatedApp: { app: string };
    condition: { field: string; relatedField: string };
    filterCond: string;
    displayFields: string[];
    sort: string;
    size: string;
  };
}

export interface LayoutField {
  type: string;
  code?: string;
  elementId?: string;
  label?: string;
}

export type LayoutItem =
  | { type: "ROW"; fields: LayoutField[] }
  | { type: "SUBTABLE"; code: string; fields: LayoutField[] }
  | { type: "GROUP"; code: string; layout: LayoutItem[] };

export interface FieldValue {
  type: string;
  value: unknown;
  error?: string | null;
  disabled?: boolean;
}
export type RecordData = Record<string, FieldValue>;

export interface PageState {
  boot: BootData;
  mobile: boolean;
  recordId: string | null;
  /** Detail: the record shown. Forms: read from the inputs on demand. */
  readRecord: (() => RecordData) | null;
  writeRecord: ((record: RecordData) => void) | null;
  fieldElements: Map<string, HTMLElement>;
  spaceElements: Map<string, HTMLElement>;
  listCells: Map<string, HTMLElement[]>;
  headerSpace: HTMLElement | null;
  /** The list view's query (kintone.app.getQuery); null on other pages. */
  listQuery: string | null;
}

export function createState(boot: BootData): PageState {
  return {
    boot,
    mobile: boot.page.startsWith("m-") || location.pathname.startsWith("/k/m/"),
    recordId: null,
    readRecord: null,
    writeRecord: null,
    fieldElements: new Map(),
    spaceElements: new Map(),
    listCells: new Map(),
    headerSpace: null,
    listQuery: null,
  };
}
