// Click-to-call's words beside the record views' catalogue (../messages.ts). Japanese first, English too.
import { defineMessages } from "../../shared/i18n";

export const clickToCallMessages = defineMessages({
  ja: {
    "call.tooltip_extension": "コールコネクトで発信（つながったら内線 {extension} を呼び出してください）",
  },
  en: {
    "call.tooltip_extension": "Call with CallConnect, then ask for extension {extension}",
  },
});
