// One progress line on stderr, rewritten in place while a benchmark runs (plain lines when not a terminal).

const tty = process.stderr.isTTY === true;
let lastPlain = 0;

export function progress(label: string, done: number, total: number, extra = ''): void {
  const line = `  ${label}: ${done}/${total}${extra ? ` ${extra}` : ''}`;
  if (tty) {
    process.stderr.write(`\r\x1b[2K${line}`);
    return;
  }
  // Without a terminal, a line every ten per cent (and at the end) keeps logs readable.
  const step = Math.floor((done / Math.max(1, total)) * 10);
  if (step > lastPlain || done === total) {
    lastPlain = done === total ? 0 : step;
    process.stderr.write(`${line}\n`);
  }
}

export function progressDone(): void {
  if (tty) process.stderr.write('\n');
}

export function note(text: string): void {
  process.stderr.write(`  ${text}\n`);
}
