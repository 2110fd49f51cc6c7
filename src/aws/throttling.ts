// Paces every attempt an SDK client makes and tells the limiters how it went. One middleware on the
// client's own stack, so a command sent directly, each page a paginator asks for, and each retry the SDK
// makes on its own all wait for a turn alike; a throttle (ThrottlingException, or HTTP 429, with the
// service's Retry-After when it sends one) slows the limiters down, a success lets them speed up again.

export interface AttemptListener {
  /** An attempt (first or retry) of `operation` is about to be signed and sent: resolves when it may go. */
  beforeAttempt(operation: string): Promise<void>;
  /** `operation` is the API name (`DeleteAccountAssignment`). */
  throttled(operation: string, retryAfterMs: number | undefined): void;
  succeeded(operation: string): void;
}

interface MiddlewareClient {
  middlewareStack: {
    addRelativeTo(
      // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types differ per client
      middleware: (next: (args: any) => Promise<any>, context: { commandName?: string }) => any,
      options: { relation: 'before'; toMiddleware: string; name: string },
    ): void;
  };
}

const listeners = new WeakMap<object, Set<AttemptListener>>();

/** Paces every attempt `client` makes with `listener` and reports how each went; answers a function that stops it. */
export function paceAttempts(client: MiddlewareClient, listener: AttemptListener): () => void {
  let set = listeners.get(client);
  if (!set) {
    const installed = new Set<AttemptListener>();
    set = installed;
    listeners.set(client, installed);
    // Inside the SDK's retry loop, so it runs once per attempt, and just before signing, so a request that
    // waited long for its turn is not sent with a stale signature. The service's error arrives here
    // already parsed. A client that several adapters pace waits for a turn from each: they share the
    // service's quota as well.
    client.middlewareStack.addRelativeTo(
      (next, context) => async (args: unknown) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        await Promise.all([...installed].map((l) => l.beforeAttempt(operation)));
        try {
          const result = await next(args);
          for (const l of installed) l.succeeded(operation);
          return result;
        } catch (error) {
          if (isThrottling(error)) {
            const retryAfterMs = retryAfter(error);
            for (const l of installed) l.throttled(operation, retryAfterMs);
          }
          throw error;
        }
      },
      { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'latchkeyAttemptPacing' },
    );
  }
  set.add(listener);
  return () => set.delete(listener);
}

export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return (
    name === 'ThrottlingException' ||
    name === 'TooManyRequestsException' ||
    name === 'RequestLimitExceeded' ||
    status === 429
  );
}

/** Retry-After in milliseconds, when the service sent it in seconds. */
function retryAfter(error: unknown): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string | undefined> } }).$response
    ?.headers;
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 60_000) : undefined;
}
