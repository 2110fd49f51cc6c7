// The order test files start in: Vitest's own (longest first when it has timings from an earlier run,
// largest first otherwise), with the unit files moved to the end. They take a fraction of a second each,
// so they fill the other worker while the last long file runs instead of leaving it idle; on a fresh
// clone, where file size is all Vitest knows, a short file with long waits would otherwise run last.

import { BaseSequencer, type TestSpecification } from 'vitest/node';

const isUnit = (spec: TestSpecification) => /[\\/]test[\\/]unit[\\/]/.test(spec.moduleId);

export class UnitFilesLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !isUnit(f)), ...sorted.filter(isUnit)];
  }
}
