// Screen-pop entry, desktop and mobile: the caller's record on screen when the phone rings. Its own file in the
// manifest so the record views' bundle keeps its budget; kintone loads both on every page of the app.
import { registerScreenPop } from "./features/screen-pop";
import { viewContext } from "./features/context";

// Read while this file loads: kintone sets the plugin ID for the script being loaded.
const ctx = viewContext();
registerScreenPop(typeof kintone.mobile?.app?.getId === "function" && /\/k\/m\//.test(location.pathname) ? "mobile" : "desktop", ctx);
