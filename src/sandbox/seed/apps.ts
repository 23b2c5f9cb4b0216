// Apps 1 「顧客管理」 and 2 「通話履歴」 from the shared templates (field codes: docs/architecture.md).
import type { KintoneFormFieldProperty as P, KintoneFormLayout as L } from "@kintone/rest-api-client";
import type { AppDefinition } from "../kintone-emulator/types";
import { customerTemplate, historyTemplate, PANEL_SPACE_ID, type AppTemplate } from "../../shared/kintone/app-templates";

export const CUSTOMER_APP_ID = 1;
export const HISTORY_APP_ID = 2;
export { PANEL_SPACE_ID };

const definition = (id: number, t: AppTemplate): AppDefinition => ({
  id,
  name: t.name,
  properties: t.properties as unknown as Record<string, P.OneOf>,
  layout: t.layout as unknown as L.OneOf[],
});

export const customerApp = (): AppDefinition => definition(CUSTOMER_APP_ID, customerTemplate(String(HISTORY_APP_ID)));
export const historyApp = (): AppDefinition => definition(HISTORY_APP_ID, historyTemplate());
