// Gives each in-process function an environment of its own, as each Lambda container has: the variables
// a function's container sets (its role's credentials, above all) are seen by the code running for that
// function, and only by it, for everything its invocation starts. The SDK's credential chain reads
// process.env when a client first signs, so each function's clients sign as that function's role.

import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<Record<string, string>>();
let shared: NodeJS.ProcessEnv | undefined;

function install(): void {
  if (shared) return;
  shared = process.env;
  const base = shared;
  process.env = new Proxy(base, {
    get(target, key, receiver) {
      const own = current.getStore();
      if (typeof key === 'string' && own && Object.hasOwn(own, key)) return own[key];
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const own = current.getStore();
      return (
        (typeof key === 'string' && own !== undefined && Object.hasOwn(own, key)) || Reflect.has(target, key)
      );
    },
  });
}

/** Runs `fn` (and all it starts) with `env` over the process's environment. */
export function inContainer<T>(env: Record<string, string>, fn: () => T): T {
  if (Object.keys(env).length === 0) return fn();
  install();
  return current.run(env, fn);
}

/** Puts the process's own environment object back. */
export function uninstallContainers(): void {
  if (!shared) return;
  process.env = shared;
  shared = undefined;
}
