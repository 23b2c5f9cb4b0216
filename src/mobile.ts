// Mobile entry: registers the record-view customizations, nothing else.
import { registerCallHistory } from "./features/call-history";
import { registerClickToCall } from "./features/click-to-call";
import { registerCustomerPush } from "./features/customer-push";
import { mobileView } from "./kintone-js/record-view";

const view = mobileView();
registerClickToCall("mobile", view);
registerCustomerPush("mobile", view);
registerCallHistory("mobile", view);
