// What every simulator's HTTP server shares: listening on loopback with a close that does not wait for
// idle keep-alive connections (the SDK clients keep theirs open), and serving a Fetch-style handler
// (a Hono app's `fetch`) so each simulator's routes read requests and write answers one way.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/** A request's body as it came, for a handler on the raw server (a proxy passing bytes on). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export interface ListenAt {
  host?: string;
  port?: number;
  /** How long an idle keep-alive connection stays open: 1 s unless given. */
  keepAliveMs?: number;
}

/** Starts `server` on `host:port` (loopback and a free port by default). */
export async function listen(server: Server, at: ListenAt = {}): Promise<Listening> {
  server.keepAliveTimeout = at.keepAliveMs ?? 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port ?? 0, at.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Serves a Fetch-style handler, such as a Hono app's `fetch`, on loopback. */
export function listenFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  at: ListenAt = {},
): Promise<Listening> {
  return listen(createServer(getRequestListener(fetch)), at);
}
