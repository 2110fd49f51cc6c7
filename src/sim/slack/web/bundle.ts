// The page's browser code and styles. Run from the sources, the code is bundled from TypeScript when the
// page is first served, in memory: `npm run latchkey` needs no build step and the page always matches the
// source. esbuild is loaded only then, so the simulator without a page (the tests) never touches it. The
// compiled command line reads what `npm run build` bundled ahead with the same settings instead, so
// production never needs the bundler.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { prebuiltSandboxDir, SANDBOX_FILES } from '../../sandbox-files.js';

/** In cascade order: panels.css ends with the rule that makes `hidden` win. */
const STYLESHEETS = ['layout.css', 'messages.css', 'threads.css', 'panels.css'];

export interface ClientAssets {
  script: string;
  styles: string;
}

/** The prebuilt assets when there are any, else the ones bundled from the sources now. */
export async function buildClientAssets(): Promise<ClientAssets> {
  const prebuilt = prebuiltSandboxDir();
  if (!prebuilt) return bundleClientAssets();
  const [script, styles] = await Promise.all([
    readFile(new URL(SANDBOX_FILES.script, prebuilt), 'utf8'),
    readFile(new URL(SANDBOX_FILES.styles, prebuilt), 'utf8'),
  ]);
  return { script, styles };
}

/** Bundles the browser code from the sources and joins the stylesheets. */
export async function bundleClientAssets(): Promise<ClientAssets> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('./client/main.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error('The sandbox page bundle came out empty');
  const sheets = await Promise.all(
    STYLESHEETS.map((name) => readFile(new URL(`./client/${name}`, import.meta.url), 'utf8')),
  );
  return { script, styles: sheets.join('\n') };
}
