// Desktop entry: registers the record-view customizations, nothing else.
import { registerCallHistory } from "./features/call-history";
import { registerClickToCall } from "./features/click-to-call";
import { registerCustomerPush } from "./features/customer-push";
import { desktopView } from "./kintone-js/record-view";

const view = desktopView();
registerClickToCall("desktop", view);
registerCustomerPush("desktop", view);
registerCallHistory("desktop", view);
