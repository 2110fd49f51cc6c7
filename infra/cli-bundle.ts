// `npm run build`: the `latchkey` command line compiled to JavaScript in dist/, so that production runs on
// plain Node with its production dependencies only: no TypeScript loader, no bundler.
//
// dist/latchkey.js is our code bundled into ESM with the packages left as imports, resolved from
// node_modules as usual. Sandbox mode is a chunk of its own, loaded only when it runs. Its page's browser
// code is bundled ahead into dist/sandbox/ with the sample organisation and config, where the compiled
// code finds them (src/sim/sandbox-files.ts). The page's on-the-fly bundling, which only a run from the
// sources uses, is left out: its `import('esbuild')` is replaced by a stub that says so.

import { chmod, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../src/sim/sandbox.js';
import { SANDBOX_DIR_CONSTANT, SANDBOX_FILES } from '../src/sim/sandbox-files.js';
import { bundleClientAssets } from '../src/sim/slack/web/bundle.js';
import { NODE_ESM, REPO_ROOT } from './bundle.js';

export const DIST_DIR = join(REPO_ROOT, 'dist');
/** The packages only a run from the sources uses. */
export const SOURCE_ONLY_PACKAGES = ['esbuild'] as const;

export interface CommandLineBuild {
  dir: string;
  /** dist/latchkey.js, what `bin` names. */
  entry: string;
  metafile: Metafile;
}

const leaveOutSourceOnly: Plugin = {
  name: 'leave-out-source-only',
  setup(pluginBuild) {
    const filter = new RegExp(`^(${SOURCE_ONLY_PACKAGES.join('|')})$`);
    pluginBuild.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'latchkey-source-only' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'latchkey-source-only' }, (args) => ({
      loader: 'js',
      contents: `export const build = () => { throw new Error(${JSON.stringify(`${args.path} is used only when running from the sources`)}); };`,
    }));
  },
};

export async function buildCommandLine(outDir: string = DIST_DIR): Promise<CommandLineBuild> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    ...NODE_ESM,
    entryPoints: { latchkey: join(REPO_ROOT, 'commands', 'latchkey.ts') },
    outdir: outDir,
    splitting: true,
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    // Every output file lands in dist/ itself, so the folder is the same relative to each.
    define: { [SANDBOX_DIR_CONSTANT]: JSON.stringify('./sandbox/') },
    metafile: true,
    plugins: [leaveOutSourceOnly],
  });
  const entry = join(outDir, 'latchkey.js');
  await chmod(entry, 0o755);

  const sandboxDir = join(outDir, 'sandbox');
  await mkdir(sandboxDir, { recursive: true });
  const assets = await bundleClientAssets();
  await Promise.all([
    writeFile(join(sandboxDir, SANDBOX_FILES.script), assets.script),
    writeFile(join(sandboxDir, SANDBOX_FILES.styles), assets.styles),
    copyFile(SAMPLE_ORG, join(sandboxDir, SANDBOX_FILES.org)),
    copyFile(SAMPLE_CONFIG, join(sandboxDir, SANDBOX_FILES.config)),
  ]);
  return { dir: outDir, entry, metafile: result.metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildCommandLine();
  process.stdout.write(`Built ${relative(process.cwd(), built.entry)}\n`);
}
