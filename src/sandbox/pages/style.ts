// A plain look close to kintone's: grey header, white cards, blue links, thin borders. Class names are ours.
export const KINTONE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Hiragino Kaku Gothic ProN", Meiryo, "Noto Sans JP", sans-serif; color: #333; background: #f5f5f5; }
a { color: #3498db; text-decoration: none; } a:hover { text-decoration: underline; }
.k-header { display: flex; align-items: center; gap: 16px; height: 48px; padding: 0 20px; background: #fff; border-bottom: 1px solid #e3e7e8; }
.k-logo { font-weight: bold; color: #333; font-size: 18px; } .k-logo small { color: #888; font-weight: normal; font-size: 12px; }
.k-admin-link { margin-left: auto; }
.k-admin-link + .k-user { margin-left: 0; }
.k-user { margin-left: auto; color: #666; }
#k-main { padding: 16px 24px; }
.k-message, .k-login, .k-card { background: #fff; border: 1px solid #e3e7e8; padding: 24px; max-width: 1100px; }
.k-login { margin: 60px auto; display: flex; flex-direction: column; gap: 12px; }
.k-login input { display: block; width: 100%; padding: 8px; border: 1px solid #ccc; margin-top: 4px; }
.k-hint { color: #888; font-size: 12px; }
.k-login-users { border-collapse: collapse; font-size: 12px; margin-top: 8px; width: 100%; }
.k-login-users caption { text-align: left; color: #666; padding-bottom: 4px; }
.k-login-users th, .k-login-users td { border: 1px solid #e3e7e8; padding: 4px 6px; text-align: left; vertical-align: top; }
.k-login-users th { background: #f0f4f5; font-weight: normal; color: #666; }
.k-login-users tr[data-login] { cursor: pointer; } .k-login-users tr[data-login]:hover td { background: #f7fbfe; }
.k-login { max-width: 520px; }
.k-portal-tools { margin-bottom: 16px; } .k-portal-tools h2 { font-size: 16px; margin: 0 0 8px; font-weight: normal; }
.k-portal-tools ul { margin: 0; padding-left: 20px; } .k-portal-tools small { color: #888; margin-left: 6px; }
.k-connector-app { margin-bottom: 16px; } .k-connector-app h2 { font-size: 18px; margin: 0 0 8px; font-weight: normal; }
.k-props { border-collapse: collapse; margin-bottom: 12px; } .k-props th, .k-props td { border: 1px solid #e3e7e8; padding: 6px 10px; text-align: left; vertical-align: top; }
.k-props th { background: #f0f4f5; font-weight: normal; color: #666; white-space: nowrap; }
.k-urls { margin: 0; padding-left: 18px; } .k-urls code { overflow-wrap: anywhere; }
.k-dialog-overlay { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.35); display: flex; align-items: flex-start; justify-content: center; padding-top: 15vh; z-index: 1000; }
.k-dialog { background: #fff; min-width: 360px; max-width: 90vw; padding: 20px 24px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.2); }
.k-dialog h2 { font-size: 16px; font-weight: normal; margin: 0 0 12px; }
.k-dialog p { margin: 0 0 20px; }
.k-dialog-actions { display: flex; justify-content: flex-end; gap: 8px; }
button, .k-button { padding: 8px 20px; border: 1px solid #e3e7e8; background: #fff; color: #3498db; cursor: pointer; font: inherit; border-radius: 0; }
button.k-primary, .k-button.k-primary { background: #3498db; border-color: #3498db; color: #fff; }
.k-toolbar { display: flex; align-items: center; gap: 8px; margin-bottom: 12px; }
.k-toolbar h1 { font-size: 20px; margin: 0 16px 0 0; font-weight: normal; }
.k-toolbar .k-spacer { flex: 1; }
.k-index-space:empty, .k-header-space:empty { display: none; }
table.k-list { border-collapse: collapse; background: #fff; min-width: 600px; }
table.k-list th, table.k-list td { border: 1px solid #e3e7e8; padding: 6px 10px; text-align: left; vertical-align: top; }
table.k-list th { background: #f0f4f5; font-weight: normal; color: #666; white-space: nowrap; }
/* kintone wraps a long value inside its column and shows a few lines of it: one long value never widens the view. */
table.k-list td, .k-reference td, .k-subtable td { max-width: 320px; overflow-wrap: anywhere; word-break: break-word; }
table.k-list td > .k-value, .k-clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 4; line-clamp: 4; overflow: hidden; white-space: pre-wrap; }
.k-mobile .k-mlist li { overflow-wrap: anywhere; }
table.k-list tr:hover td { background: #f7fbfe; }
.k-row-actions, .k-inline-actions { white-space: nowrap; }
.k-row-actions button, .k-inline-actions button { padding: 2px 8px; margin-right: 4px; }
.k-doc-icon { display: inline-block; width: 12px; height: 15px; border: 1.5px solid #3498db; border-radius: 1px; vertical-align: middle;
  background: linear-gradient(#3498db, #3498db) 2px 4px / 6px 1.5px no-repeat, linear-gradient(#3498db, #3498db) 2px 8px / 6px 1.5px no-repeat; }
.k-pager { margin: 10px 0; display: flex; gap: 8px; align-items: center; color: #666; }
.k-record { background: #fff; border: 1px solid #e3e7e8; padding: 16px 20px; }
.k-row { display: flex; flex-wrap: wrap; gap: 8px 16px; margin-bottom: 12px; }
.k-field { display: flex; flex-direction: column; min-width: 120px; }
.k-field > .k-label { color: #888; font-size: 12px; margin-bottom: 2px; }
.k-field > .k-value { min-height: 24px; padding: 2px 0; white-space: pre-wrap; word-break: break-all; }
.k-field input, .k-field textarea, .k-field select { padding: 6px; border: 1px solid #ccc; font: inherit; width: 100%; }
.k-field textarea { min-height: 80px; }
.k-field.k-has-error input, .k-field.k-has-error textarea { border-color: #e74c3c; }
.k-field-error, .k-error { color: #e74c3c; font-size: 12px; }
.k-error-banner { background: #fdecea; border: 1px solid #e74c3c; color: #c0392b; padding: 10px 14px; margin-bottom: 12px; white-space: pre-wrap; }
.k-space { min-height: 8px; width: 100%; }
.k-subtable, .k-reference { border-collapse: collapse; } .k-subtable td, .k-subtable th, .k-reference td, .k-reference th { border: 1px solid #e3e7e8; padding: 4px 8px; }
.k-reference th, .k-subtable th { background: #f0f4f5; font-weight: normal; color: #666; }
.k-empty { color: #999; }
.k-mobile #k-main { padding: 8px; }
.k-mobile .k-mlist { list-style: none; margin: 0; padding: 0; background: #fff; }
.k-mobile .k-mlist li { border-bottom: 1px solid #e3e7e8; padding: 10px; }
.k-mobile .k-mlist .k-mline { font-size: 13px; color: #666; margin-top: 2px; }
.k-mobile .k-mlist li > a { font-weight: bold; }
#k-plugin-config { background: #fff; border: 1px solid #e3e7e8; padding: 20px; }
`;
