/** Path of the plugin signing key: $PLUGIN_PRIVATE_KEY, or ./private.ppk (created once when missing). */
export function resolvePrivateKeyPath(root?: string): string;
/** kintone's plugin ID for a PEM key (private or public). */
export function pluginIdFromPrivateKey(pem: string): string;
/** The plugin ID of the project's key. */
export function pluginId(root?: string): string;
