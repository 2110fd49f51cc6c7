// What every simulator's HTTP server shares: reading a request body, and listening on loopback with a
// close that does not wait for idle keep-alive connections (the SDK clients keep theirs open).

import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Starts `server` on `host:port` (loopback and a free port by default). */
export async function listen(server: Server, at: { host?: string; port?: number } = {}): Promise<Listening> {
  server.keepAliveTimeout = 1000;
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
