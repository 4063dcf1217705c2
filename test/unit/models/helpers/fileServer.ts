/**
 * A real HTTP server on 127.0.0.1 for downloader tests, with scripted misbehaviour: redirects,
 * 404, dropped connections, stalls, ignoring Range. Every request is logged for assertions.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export const TLS_CERT = readFileSync(join(__dirname, '..', 'tls', 'cert.pem'));
const TLS_KEY = readFileSync(join(__dirname, '..', 'tls', 'key.pem'));

export interface RouteBehaviour {
  body?: Buffer;
  status?: number;
  /** Answer with this redirect status and Location instead of a body. */
  redirectTo?: string;
  redirectStatus?: number;
  /** Destroy the socket after sending this many body bytes (first `dropTimes` requests only). */
  dropAfter?: number;
  dropTimes?: number;
  /** Send this many bytes then stop sending, keeping the connection open. */
  stallAfter?: number;
  /** Answer every request with 200 and the whole body even when Range is asked. */
  ignoreRange?: boolean;
  /** Send no Content-Length (chunked transfer), the body in 16 KB pieces. */
  chunked?: boolean;
}

export interface LoggedRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

export interface TestServer {
  url(path: string): string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

function handler(routes: Record<string, RouteBehaviour>, log: LoggedRequest[]) {
  const drops = new Map<string, number>();
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push({ path, range: req.headers.range, authorization: req.headers.authorization });
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.redirectTo !== undefined) {
      res.writeHead(route.redirectStatus ?? 302, { Location: route.redirectTo }).end();
      return;
    }
    if (route.status !== undefined && route.status !== 200) {
      res.writeHead(route.status).end();
      return;
    }
    const body = route.body ?? Buffer.alloc(0);
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (match && !route.ignoreRange) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
    } else if (route.chunked) {
      res.writeHead(200);
      for (let at = 0; at < body.length; at += 16 * 1024)
        res.write(body.subarray(at, at + 16 * 1024));
      res.end();
      return;
    } else {
      res.writeHead(200, { 'Content-Length': body.length });
    }
    const rest = body.subarray(start);
    const dropped = drops.get(path) ?? 0;
    if (route.dropAfter !== undefined && dropped < (route.dropTimes ?? 1)) {
      drops.set(path, dropped + 1);
      res.write(rest.subarray(0, route.dropAfter), () => res.socket?.destroy());
      return;
    }
    if (route.stallAfter !== undefined) {
      res.write(rest.subarray(0, route.stallAfter)); // and never end: the client must cancel
      return;
    }
    res.end(rest);
  };
}

async function listen(
  server: net.Server,
  sockets: Set<net.Socket>,
  log: LoggedRequest[],
  scheme: string,
): Promise<TestServer> {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `${scheme}://127.0.0.1:${port}${path}`,
    requests: log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Start an http (or https with the test certificate) file server. */
export function startFileServer(
  routes: Record<string, RouteBehaviour>,
  secure = false,
): Promise<TestServer> {
  const log: LoggedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const handle = handler(routes, log);
  const server = secure
    ? https.createServer({ cert: TLS_CERT, key: TLS_KEY }, handle)
    : http.createServer(handle);
  return listen(server, sockets, log, secure ? 'https' : 'http');
}

export interface TestProxy extends TestServer {
  /** Absolute-form URLs forwarded and CONNECT targets tunnelled, in order. */
  seen: string[];
}

/** A tiny forward proxy: absolute-form GET for http targets, CONNECT tunnels for https. */
export async function startProxy(): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = http.get(target, { headers: { range: req.headers.range ?? '' } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const base = await listen(server, sockets, [], 'http');
  return { ...base, seen };
}
