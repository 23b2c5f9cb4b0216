// Where secrets live. None of these ever enter getConfig, the DOM or a log.
// Browser side: kintone's proxy config (setProxyConfig), merged by kintone's server into proxied requests.
// Connector side: its environment or its encrypted store.

/** Header carrying the CallConnect API token (see docs/callconnect-api.md). */
export const CALLCONNECT_TOKEN_HEADER = "Authorization";
export const bearer = (token: string) => `Bearer ${token}`;

/** Header carrying the connector's shared admin secret on calls from the plugin to the connector. */
export const CONNECTOR_SECRET_HEADER = "X-Connector-Secret";

/** Methods for which the CallConnect token is saved in the proxy config (proxy config is per method). */
export const CALLCONNECT_PROXY_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;
