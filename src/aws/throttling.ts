// Tells the limiters how each attempt of an SDK client went, including the attempts the SDK retries on its
// own: a throttle (ThrottlingException, or HTTP 429, with the service's Retry-After when it sends one)
// slows them down, a success lets them speed up again. A retry the SDK makes on its own waits for a turn
// too, so retries never add to a burst that was just throttled.

export interface AttemptListener {
  /** A retry is about to be sent: resolves when it may go. */
  beforeRetry(operation: string): Promise<void>;
  /** `operation` is the API name (`DeleteAccountAssignment`). */
  throttled(operation: string, retryAfterMs: number | undefined): void;
  succeeded(operation: string): void;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types differ per client
      middleware: (next: (args: any) => Promise<any>, context: { commandName?: string }) => any,
      options: { step: 'deserialize'; priority: 'high'; name: string },
    ): void;
  };
}

const listeners = new WeakMap<object, Set<AttemptListener>>();

/** Reports every attempt `client` makes to `listener`; answers a function that stops it. */
export function observeAttempts(client: MiddlewareClient, listener: AttemptListener): () => void {
  let set = listeners.get(client);
  if (!set) {
    const installed = new Set<AttemptListener>();
    set = installed;
    listeners.set(client, installed);
    // In the deserialize step, above the deserializer: it runs once per attempt, inside the SDK's retries,
    // and sees the service's error already parsed.
    client.middlewareStack.add(
      (next, context) => async (args: { request?: { headers?: Record<string, string> } }) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        // The SDK numbers its attempts in this header: `attempt=2; max=5`.
        const attempt = /attempt=(\d+)/.exec(args.request?.headers?.['amz-sdk-request'] ?? '')?.[1];
        if (attempt !== undefined && Number(attempt) > 1)
          await Promise.all([...installed].map((l) => l.beforeRetry(operation)));
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
      { step: 'deserialize', priority: 'high', name: 'latchkeyAttemptObserver' },
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
