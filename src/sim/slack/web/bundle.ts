// The page's browser code, bundled from TypeScript when the simulator starts, in memory: `npm start`
// needs no build step and the page always matches the source. esbuild is loaded only when the page
// is asked for, so the simulator without a page (the tests) never touches it.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** In cascade order: panels.css ends with the rule that makes `hidden` win. */
const STYLESHEETS = ['layout.css', 'messages.css', 'threads.css', 'panels.css'];

export interface ClientAssets {
  script: string;
  styles: string;
}

export async function buildClientAssets(): Promise<ClientAssets> {
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
