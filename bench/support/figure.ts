// A benchmark's result: the figure, the baseline measured in the same run, and whether the target holds.

export interface Figure {
  benchmark: string;
  figure: string;
  /** The absolute number(s) measured. */
  value: string;
  /** The baseline measured in the same run, if the figure has one. */
  baseline: string;
  /** The figure against its baseline (a ratio or a difference). */
  versus: string;
  target: string;
  /** `undefined` when the figure is only reported. */
  pass: boolean | undefined;
}

export type Benchmark = () => Promise<Figure[]>;

/** A figure for a benchmark that could not finish: the target counts as missed. */
export function broken(benchmark: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return {
    benchmark,
    figure: 'did not finish',
    value: message.split('\n')[0]!.slice(0, 100),
    baseline: '',
    versus: '',
    target: '',
    pass: false,
  };
}
