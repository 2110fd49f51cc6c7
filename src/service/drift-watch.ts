// The server's scheduled reconcile (hourly by default): drift found is posted to the approval channel, so
// people see it without running `latchkey reconcile`. It only reports; repairs are a person's decision.
// The findings go to `report` as they are: src/slack/drift-text.ts words them.

import type { ServiceDeps } from './deps.js';
import { type Finding, reconcile } from './reconcile.js';

export interface DriftWatch {
  stop(): void;
}

export function watchDrift(
  deps: ServiceDeps,
  options: { everyMs: number; report: (findings: Finding[]) => Promise<void> },
): DriftWatch {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const findings = await reconcile(deps, { fix: false, accept: false });
      if (findings.length > 0) {
        deps.log.warn({ findings: findings.length }, 'drift found');
        await options.report(findings);
      }
    } catch (error) {
      deps.log.error({ err: error }, 'scheduled reconcile failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
