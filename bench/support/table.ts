// Prints the figures as a Markdown table, the form RESULTS.md keeps them in.

import type { Figure } from './figure.js';

const verdict = (pass: boolean | undefined) => (pass === undefined ? 'reported' : pass ? 'PASS' : 'MISS');

export function markdownTable(figures: readonly Figure[]): string {
  const head = ['benchmark', 'figure', 'measured', 'baseline (same run)', 'vs baseline', 'target', 'result'];
  const rows = figures.map((f) => [
    f.benchmark,
    f.figure,
    f.value,
    f.baseline,
    f.versus,
    f.target,
    verdict(f.pass),
  ]);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
