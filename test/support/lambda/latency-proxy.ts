// A slow network in front of a service: an HTTP proxy on loopback that holds every request for a while
// before passing it on unchanged (method, path, headers, body) and hands back the service's answer as is.
// Put in front of dynalite, the Slack Web API or Identity Center, it makes every call the functions make
// there that much slower, whatever the call — or only the calls `holds` picks, by operation.

import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Listening, listen, readBody } from './http.js';

export interface LatencyProxy extends Listening {
  /** Requests held and passed on so far. */
  calls: number;
}

/** The operation a request asks for: an AWS JSON target's action, or a Slack Web API method. */
export function operationOf(req: { url?: string | undefined; headers: Record<string, unknown> }): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return new URL(req.url ?? '/', 'http://proxy').pathname.split('/').at(-1) ?? '';
}

export async function startLatencyProxy(
  target: string,
  delayMs: number,
  holds: (operation: string) => boolean = () => true,
): Promise<LatencyProxy> {
  const origin = new URL(target);
  const proxy: LatencyProxy = {
    calls: 0,
    url: '',
    close: async () => undefined,
  };
  const listening = await listen(async (req, res) => {
    const body = await readBody(req);
    if (holds(operationOf(req))) {
      await sleep(delayMs);
      proxy.calls++;
    }
    // The Host header is passed on as the client sent it: it is part of what an AWS request's signature
    // covers.
    const headers = req.headers;
    await new Promise<void>((resolve, reject) => {
      const forwarded = request(
        {
          host: origin.hostname,
          port: origin.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      forwarded.on('error', reject);
      forwarded.end(body);
    });
  });
  proxy.url = listening.url;
  proxy.close = listening.close;
  return proxy;
}

/** `url` with its origin swapped for the proxy's, path kept (`http://127.0.0.1:1234/api/`). */
export function through(proxy: Listening, url: string): string {
  const original = new URL(url);
  return `${proxy.url}${original.pathname}${original.search}`;
}
