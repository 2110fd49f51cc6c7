// Where sandbox mode's files are. Run from the TypeScript sources, they are the sources themselves: the
// sample organisation and config in examples/sandbox/ and the page's browser code, bundled when the page
// is first served. The compiled command line (`npm run build`) carries them prebuilt in dist/sandbox/,
// so production needs neither the examples folder nor a bundler: the build defines
// LATCHKEY_SANDBOX_DIR as that folder, relative to the compiled code.

declare const LATCHKEY_SANDBOX_DIR: string | undefined;

/** The constant the build defines. */
export const SANDBOX_DIR_CONSTANT = 'LATCHKEY_SANDBOX_DIR';

/** The files in the compiled command line's sandbox folder. */
export const SANDBOX_FILES = {
  org: 'org.yml',
  config: 'latchkey.yml',
  script: 'app.js',
  styles: 'app.css',
} as const;

/** The compiled command line's sandbox folder; undefined when running from the sources. */
export function prebuiltSandboxDir(): URL | undefined {
  return typeof LATCHKEY_SANDBOX_DIR === 'string'
    ? new URL(LATCHKEY_SANDBOX_DIR, import.meta.url)
    : undefined;
}
