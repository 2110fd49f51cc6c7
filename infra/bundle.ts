// Bundles the three Lambda entry points with esbuild, each into its own folder (index.mjs + source map),
// ready for `lambda.Code.fromAsset`. Synthesis therefore needs neither Docker nor the network.
//
// ESM output, because the project is ESM; CommonJS dependencies (Bolt, axios) still call `require`, which
// the banner provides. The AWS SDK is bundled rather than taken from the Lambda runtime, so production
// runs the SDK versions the tests ran. Bolt's index loads every receiver; the socket-mode and Express
// ones (and undici, Express, body-parser behind them: about a megabyte) never run on Lambda, so they are
// replaced by a stub that fails loudly if anything ever calls it.

import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLED_CONFIG } from '../src/lambda/runtime.js';

export const LAMBDAS = ['slack', 'worker', 'sweeper'] as const;
export type LambdaName = (typeof LAMBDAS)[number];

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `cdk synth` bundles to: inside the CDK output, which git ignores. */
export const DEFAULT_BUNDLE_DIR = join(REPO_ROOT, 'infra', 'cdk.out', 'bundles');

export const entryOf = (name: LambdaName) => join(REPO_ROOT, 'src', 'lambda', `${name}.ts`);

/** What every server-side bundle shares, the Lambdas' and the command line's (infra/cli-bundle.ts). */
export const NODE_ESM: BuildOptions = {
  absWorkingDir: REPO_ROOT,
  bundle: true,
  platform: 'node',
  // The Node major the functions run (infra/constructs/functions.ts), `engines` admits and the tests use.
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  treeShaking: true,
  // Minified or not, error classes keep their names: logs name the error (ConfigError, VersionConflict…).
  keepNames: true,
  sourcemap: true,
  // Stack traces need the mappings, not the sources: keep the output small.
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'silent',
};

const REQUIRE_BANNER =
  "import { createRequire as __latchkeyCreateRequire } from 'node:module';" +
  'const require = __latchkeyCreateRequire(import.meta.url);';

/** Packages Bolt requires at load time for receivers that Lambda never uses. */
export const STUBBED_PACKAGES = ['@slack/socket-mode', 'express'] as const;

const stubUnusedReceivers: Plugin = {
  name: 'stub-unused-receivers',
  setup(pluginBuild) {
    const filter = new RegExp(`^(${STUBBED_PACKAGES.map((p) => p.replace('/', '\\/')).join('|')})$`);
    pluginBuild.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'latchkey-stub' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'latchkey-stub' }, (args) => ({
      loader: 'js',
      // An arrow function has no non-configurable `prototype`, so the proxy may answer every property.
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not bundled: on Lambda, Bolt uses AwsLambdaReceiver`)}); };
module.exports = new Proxy(fail, { get: (_t, key) => (key === '__esModule' || key === 'then' || typeof key === 'symbol' ? undefined : fail) });`,
    }));
  },
};

export interface Bundle {
  name: LambdaName;
  /** The folder to deploy: index.mjs, its source map and, when given, the config. */
  dir: string;
  /** The JavaScript file, for size checks. */
  file: string;
  metafile: Metafile;
}

export type Bundles = Record<LambdaName, Bundle>;

async function bundleOne(name: LambdaName, outDir: string, configFile?: string): Promise<Bundle> {
  const dir = join(outDir, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...NODE_ESM,
    entryPoints: [entryOf(name)],
    outfile: file,
    banner: { js: REQUIRE_BANNER },
    minify: true,
    metafile: true,
    plugins: [stubUnusedReceivers],
  });
  if (configFile) await copyFile(configFile, join(dir, BUNDLED_CONFIG));
  return { name, dir, file, metafile: result.metafile };
}

/**
 * Bundles every Lambda into `<outDir>/<name>/`. With `configFile`, the config is copied next to each
 * bundle, where the functions read it at cold start.
 */
export async function bundleLambdas(outDir: string, options: { configFile?: string } = {}): Promise<Bundles> {
  const built = await Promise.all(LAMBDAS.map((name) => bundleOne(name, outDir, options.configFile)));
  return Object.fromEntries(built.map((bundle) => [bundle.name, bundle])) as Bundles;
}

/** The source files a bundle was built from, relative to the repository root. */
export const inputsOf = (bundle: Bundle): string[] => Object.keys(bundle.metafile.inputs);

export const bundleDirs = (bundles: Bundles): Record<LambdaName, string> =>
  Object.fromEntries(LAMBDAS.map((name) => [name, bundles[name].dir])) as Record<LambdaName, string>;
