// The server's scheduled reconcile (hourly by default): drift found is posted to the approval channel, so
// people see it without running `latchkey reconcile`. It only reports; repairs are a person's decision.

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

export function driftText(findings: Finding[]): string {
  const lines = findings
    .slice(0, 20)
    .map((f) => `• *${f.kind}*: ${f.detail} (\`${f.principalId}\` on \`${f.targetKey}\`)`);
  const more = findings.length > 20 ? `\n…and ${findings.length - 20} more: run \`latchkey reconcile\`.` : '';
  return `:mag: Latchkey found drift between its grants and IAM Identity Center:\n${lines.join('\n')}${more}\nRun \`latchkey reconcile --fix\` to repair what Latchkey made.`;
}
