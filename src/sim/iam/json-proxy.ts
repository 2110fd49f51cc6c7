// An authorizing front for a JSON-protocol AWS double that knows nothing of IAM (dynalite, say): every
// request's `X-Amz-Target` operation and body are authorized first; a denial is answered here in the
// service's shape, anything allowed is passed through unchanged, byte for byte.

import { createServer, request as httpRequest } from 'node:http';
import { listen, readBody } from '../loopback-server.js';
import { accessKeyOf, type Iam } from './iam.js';
import { jsonDenial } from './responses.js';
import { authorizeOperation, type Input, type ServiceAuthorization } from './service.js';

export interface JsonProxyOptions<C> {
  upstream: string;
  iam: Iam;
  service: ServiceAuthorization<C>;
  context: C;
  /** awsJson1_0 (`application/x-amz-json-1.0`, DynamoDB) or 1_1. */
  contentType: string;
  /** DynamoDB's `com.amazon.coral.service#` error type names. */
  coral?: boolean;
}

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

export async function startJsonProxy<C>(options: JsonProxyOptions<C>): Promise<RunningProxy> {
  const upstream = new URL(options.upstream);
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    let input: Input = {};
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Input;
    } catch {
      // Not JSON: the service itself answers that.
    }
    if (operation !== '' && options.service.operations[operation] !== undefined) {
      const result = authorizeOperation(options.iam, options.service, {
        operation,
        input,
        accessKeyId: accessKeyOf(req.headers.authorization),
        context: options.context,
      });
      if (!result.allowed) {
        const answer = jsonDenial(result.denial, options);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
    } else if (operation !== '') {
      // An operation without a registered resource map cannot be judged: refuse it, loudly.
      res.writeHead(500, { 'content-type': options.contentType });
      res.end(JSON.stringify({ __type: 'InternalFailure', Message: `no IAM mapping for ${operation}` }));
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    forward.end(body);
  });
  return listen(server);
}
