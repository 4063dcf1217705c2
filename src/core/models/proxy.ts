/**
 * Which proxy (if any) a download goes through: an explicit setting (VS Code's `http.proxy`, a CLI
 * flag) wins, then HTTPS_PROXY / HTTP_PROXY (either case) from the environment, unless NO_PROXY
 * names the host.
 */

export interface ProxySettings {
  /** Explicit proxy URL such as "http://user:pass@proxy.example:3128"; empty = none. */
  proxy?: string;
  /** Environment to read HTTPS_PROXY / HTTP_PROXY / NO_PROXY from (process.env by default). */
  env?: Record<string, string | undefined>;
  /** Explicit bypass list, same syntax as NO_PROXY; adds to the environment's. */
  noProxy?: string;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/**
 * True when `target` matches a NO_PROXY-style list: "*", host names (matching the host and its
 * subdomains), ".suffix", and optional ":port".
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry);
    const entryHost = (match?.[1] ?? entry).replace(/^\*?\./, '.').replace(/^\[|\]$/g, '');
    const entryPort = match?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (entryHost.startsWith('.')) {
      if (host.endsWith(entryHost) || host === entryHost.slice(1)) return true;
    } else if (host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true;
    }
  }
  return false;
}

/** The proxy URL to use for `target`, or undefined for a direct connection. */
export function resolveProxy(target: URL, settings: ProxySettings = {}): URL | undefined {
  const env = settings.env ?? process.env;
  const noProxy = [envValue(env, 'no_proxy'), settings.noProxy].filter(Boolean).join(',');
  if (noProxy !== '' && bypassesProxy(target, noProxy)) return undefined;
  const explicit = settings.proxy?.trim();
  const chosen =
    explicit !== undefined && explicit !== ''
      ? explicit
      : target.protocol === 'https:'
        ? (envValue(env, 'https_proxy') ?? envValue(env, 'http_proxy'))
        : envValue(env, 'http_proxy');
  if (chosen === undefined) return undefined;
  // "proxy:3128" without a scheme is common in the wild; treat it as http.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`Proxy setting "${chosen}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `Proxy "${chosen}" uses ${url.protocol}; only http:// and https:// proxies are supported.`,
    );
  }
  return url;
}

/** The Proxy-Authorization header value for a proxy URL with credentials, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/**
 * A Hugging Face token from HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN) as a bearer header,
 * for huggingface.co and its subdomains only: gated models need it, nothing else should see it.
 */
export function hubAuthorization(
  env: Record<string, string | undefined> = process.env,
): (url: URL) => string | undefined {
  const token = (env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? '').trim();
  return (url) => {
    if (token === '' || url.protocol !== 'https:') return undefined;
    const host = url.hostname.toLowerCase();
    return host === 'huggingface.co' || host.endsWith('.huggingface.co')
      ? `Bearer ${token}`
      : undefined;
  };
}
