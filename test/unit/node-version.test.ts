// The tests run on the Node.js major that production runs: the `node` package the project brings (npm
// scripts put it first on PATH), which is the major of the Lambda runtime and of the bundles' target.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('the Node.js running the tests', () => {
  it('is the major of the project’s own node package, 24, as on Lambda (nodejs24.x)', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const major = process.version.replace(/^v/, '').split('.')[0];
    expect(pkg.devDependencies.node.split('.')[0]).toBe('24');
    expect(major).toBe('24');
    const bundle = await readFile(join(ROOT, 'infra', 'bundle.ts'), 'utf8');
    expect(bundle).toContain(`target: 'node${major}'`);
    const functions = await readFile(join(ROOT, 'infra', 'constructs', 'functions.ts'), 'utf8');
    expect(functions).toContain(`Runtime.NODEJS_${major}_X`);
  });
});
