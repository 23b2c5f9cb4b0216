// The shape of kintone's form as its REST API gives it (only what we read): the config screen and the adapters use it.

/** One entry of `properties` in GET /k/v1/app/form/fields.json (only what we read). */
export interface RawField {
  type: string;
  code: string;
  label?: string;
  required?: boolean;
  unique?: boolean;
  protocol?: string;
  fields?: Record<string, RawField>;
}
export type RawFieldProperties = Record<string, RawField>;

/** One row of GET /k/v1/app/form/layout.json (GROUP rows nest a layout; SUBTABLE rows hold fields). */
export interface LayoutRow {
  type: string;
  fields?: { type: string; code?: string; elementId?: string }[];
  layout?: LayoutRow[];
}
