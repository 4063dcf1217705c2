/**
 * One HTTP(S) GET with optional proxy, and a wrapper that follows redirects (the model hubs
 * answer with a redirect to a CDN). Plain Node http/https/tls: no dependencies.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { Socket } from 'node:net';
import { proxyAuthorization, resolveProxy, type ProxySettings } from './proxy';

export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  proxy?: ProxySettings;
  /** Extra trusted CA certificates (PEM), e.g. a corporate TLS-inspecting proxy's. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Redirects followed before giving up (default 10). */
  maxRedirects?: number;
  /**
   * Authorization header for a URL (e.g. a hub token), asked again at every redirect hop so a
   * token is never sent to a host it was not meant for (CDNs get signed URLs instead).
   */
  authorizationFor?: (url: URL) => string | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** An error that carries the HTTP status (or undefined for network failures). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

function abortError(): Error {
  const error = new Error('Download cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Open a TCP tunnel to target host:port through an http proxy (CONNECT). */
function connectTunnel(proxy: URL, target: URL, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const port = target.port || '443';
    const headers: Record<string, string> = { Host: `${target.hostname}:${port}` };
    const auth = proxyAuthorization(proxy);
    if (auth !== undefined) headers['Proxy-Authorization'] = auth;
    const requestImpl = proxy.protocol === 'https:' ? https.request : http.request;
    const request = requestImpl({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers,
      signal,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(
          new HttpError(
            `Proxy ${proxy.host} refused the tunnel to ${target.host}: HTTP ${response.statusCode ?? '?'}`,
            response.statusCode,
          ),
        );
      }
    });
    request.once('error', (error) =>
      reject(
        signal?.aborted ? abortError() : new HttpError(`Proxy ${proxy.host}: ${error.message}`),
      ),
    );
    request.end();
  });
}

/** Issue one GET (no redirect handling) and resolve with the response once headers arrive. */
export async function getOnce(url: URL, options: GetOptions = {}): Promise<http.IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError(`Unsupported URL scheme ${url.protocol} in ${url.href}`);
  }
  if (options.signal?.aborted) throw abortError();
  const proxy = resolveProxy(url, options.proxy);
  const headers: Record<string, string> = { 'User-Agent': 'maskmedpaint', ...options.headers };
  const authorization = options.authorizationFor?.(url);
  if (authorization !== undefined) headers.Authorization = authorization;
  let request: http.ClientRequest;
  if (proxy === undefined) {
    const requestImpl = url.protocol === 'https:' ? https.request : http.request;
    request = requestImpl(url, { headers, signal: options.signal, ca: options.ca });
  } else if (url.protocol === 'http:') {
    // Forward proxy: absolute-form request line, the proxy fetches for us.
    const auth = proxyAuthorization(proxy);
    if (auth !== undefined) headers['Proxy-Authorization'] = auth;
    const requestImpl = proxy.protocol === 'https:' ? https.request : http.request;
    request = requestImpl({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      path: url.href,
      headers: { ...headers, Host: url.host },
      signal: options.signal,
    });
  } else {
    // https through a proxy: CONNECT tunnel, then TLS end to end with the origin.
    const socket = await connectTunnel(proxy, url, options.signal);
    request = https.request(url, {
      headers,
      signal: options.signal,
      // No agent: with createConnection and no agent Node uses our TLS socket directly.
      createConnection: () => tls.connect({ socket, servername: url.hostname, ca: options.ca }),
    });
  }
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', (error) => {
      reject(
        options.signal?.aborted ? abortError() : new HttpError(`${url.host}: ${error.message}`),
      );
    });
    request.end();
  });
}

/** GET that follows redirects; resolves with the final response and its URL. */
export async function getFollowingRedirects(
  url: URL,
  options: GetOptions = {},
): Promise<{ response: http.IncomingMessage; finalUrl: URL }> {
  const limit = options.maxRedirects ?? 10;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await getOnce(current, options);
    const status = response.statusCode ?? 0;
    if (!REDIRECT_STATUSES.has(status)) return { response, finalUrl: current };
    response.resume(); // drain the redirect body so the socket is released
    const location = response.headers.location;
    if (location === undefined)
      throw new HttpError(`HTTP ${status} redirect without Location from ${current.href}`, status);
    if (hop >= limit)
      throw new HttpError(
        `Too many redirects (more than ${limit}) starting at ${url.href}`,
        status,
      );
    current = new URL(location, current);
  }
}
