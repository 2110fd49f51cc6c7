// Slack's Socket Mode for tests, in front of the simulated workspace. The bot asks `apps.connections.open`
// (with its app-level token) for a WebSocket, and Slack then sends slash commands, interactions and events
// down it as envelopes the app acknowledges by envelope id. This bridge answers that method, passes every
// other Web API call on to the simulator, and turns each request the simulator would POST to a bot into
// an envelope on the socket, answering the simulator with the app's acknowledgement.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SocketModeBridge {
  /** SLACK_API_URL for the bot. */
  apiUrl: string;
  /** Where the simulator delivers what it would POST to a bot (`setBotUrl`). */
  deliveryUrl: string;
  /** The envelopes sent, by type. */
  sent: { type: string; envelopeId: string }[];
  connected(): Promise<void>;
  close(): Promise<void>;
}

/** Hop-by-hop and length headers are the HTTP client's to set, not to copy. */
const NOT_FORWARDED = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'content-encoding',
]);
const forwardable = (headers: Iterable<[string, string | string[] | undefined]>) =>
  Object.fromEntries(
    [...headers].filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !NOT_FORWARDED.has(e[0].toLowerCase()),
    ),
  );

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The envelope Slack sends for a request it would otherwise POST: its type and its payload. */
function envelopeOf(
  contentType: string,
  body: string,
): { type: string; payload: unknown; acceptsResponse: boolean } {
  if (contentType.includes('application/json')) {
    return { type: 'events_api', payload: JSON.parse(body), acceptsResponse: false };
  }
  const form = new URLSearchParams(body);
  const interaction = form.get('payload');
  if (interaction !== null)
    return { type: 'interactive', payload: JSON.parse(interaction), acceptsResponse: true };
  return { type: 'slash_commands', payload: Object.fromEntries(form), acceptsResponse: true };
}

export async function startSocketModeBridge(options: {
  simApiUrl: string;
  appToken: string;
}): Promise<SocketModeBridge> {
  const sockets = new WebSocketServer({ noServer: true });
  const waiting = new Map<string, (payload: unknown) => void>();
  const sent: SocketModeBridge['sent'] = [];
  let socket: WebSocket | undefined;
  let onConnect: (() => void) | undefined;
  const connected = new Promise<void>((resolve) => {
    onConnect = resolve;
  });

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname === '/api/apps.connections.open') {
      const ok = req.headers.authorization === `Bearer ${options.appToken}`;
      res.setHeader('content-type', 'application/json');
      const { port } = server.address() as AddressInfo;
      res.end(
        JSON.stringify(
          ok
            ? { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}` }
            : { ok: false, error: 'invalid_auth' },
        ),
      );
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const forwarded = await fetch(
        new URL(url.pathname.slice('/api/'.length) + url.search, options.simApiUrl),
        {
          method: req.method ?? 'POST',
          headers: forwardable(Object.entries(req.headers)),
          ...(req.method === 'GET' ? {} : { body }),
        },
      );
      res.writeHead(forwarded.status, forwardable(forwarded.headers));
      res.end(await forwarded.text());
      return;
    }
    // A delivery from the simulator: down the socket as an envelope, and back with the acknowledgement.
    if (!socket) {
      res.writeHead(503).end();
      return;
    }
    const envelope = envelopeOf(req.headers['content-type'] ?? '', body);
    const envelopeId = randomUUID();
    const answer = new Promise<unknown>((resolve) => waiting.set(envelopeId, resolve));
    sent.push({ type: envelope.type, envelopeId });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: envelope.type,
        payload: envelope.payload,
        accepts_response_payload: envelope.acceptsResponse,
        ...(envelope.type === 'events_api' && { retry_attempt: 0, retry_reason: '' }),
      }),
    );
    const payload = await answer;
    res.setHeader('content-type', 'application/json');
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  });

  server.on('upgrade', (req, stream, head) => {
    sockets.handleUpgrade(req, stream, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (ack.envelope_id) waiting.get(ack.envelope_id)?.(ack.payload);
        if (ack.envelope_id) waiting.delete(ack.envelope_id);
      });
      ws.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0LATCHKEY' } }),
      );
      onConnect?.();
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    deliveryUrl: `http://127.0.0.1:${port}/deliver`,
    sent,
    connected: () => connected,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
