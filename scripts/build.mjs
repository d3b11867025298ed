// Bundles the CLI, the daemon and the man-page generator with esbuild. Start-up is the reason
// (bench/startup.mjs measures it):
// - CommonJS files run by the CommonJS launchers in bin/. Node 20's ESM loader costs ~10 ms to
//   start plus 1-2 ms per module (async reads, URL resolution).
// - `rbd` and `ceph` are a router (dist/rbd.js: the parser, help, completion and every command's
//   definition as data, definitions-only.mjs) and one complete bundle per command
//   (dist/rbd.mirror-pool-info.js, src/cli/command-bundle.ts), so a call compiles and runs the
//   code of the one command it runs. Complete, not split: esbuild splits only ESM, and a call
//   loading two dozen shared chunks was ~5 ms slower than one loading a single bundle.
// - Packages only some paths use (spinners, colour, dates) are bundled apart into
//   dist/vendor/<name>.cjs and required on those paths only, so no call compiles them for nothing.
// - better-sqlite3's JavaScript is inlined (its .node addon is loaded by path); Node built-ins
//   load on first use (lazy-builtins.mjs).
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { definitionsOnly, registryCommands } from './definitions-only.mjs';
import { lazyBuiltins } from './lazy-builtins.mjs';

const entryPoints = { 'rbd-mirror': 'src/daemon/entry.ts', 'gen-man': 'src/cli/man-entry.ts' };
// shell completion of both routers (src/cli/bundle-dispatch.ts)
entryPoints.completion = 'src/cli/completion-run.ts';
/** The routers, their registries, and how a command's bundle reports a failure. */
const BINARIES = {
  rbd: { entry: 'src/cli/rbd-entry.ts', registry: 'commands/index.ts', report: ['src/cli/report-failure.ts', 'reportFailure'] },
  ceph: { entry: 'src/cli/ceph-entry.ts', registry: 'commands/ceph/index.ts', report: ['src/cli/ceph-failure.ts', 'reportCephFailure'] },
};
const cacheDir = join('node_modules', '.cache', 'rbdm-build');
// the daemon's checkpoints run on a worker thread that loads this file (src/backends/local/wal-checkpointer.ts)
entryPoints['checkpoint-worker'] = 'src/backends/local/checkpoint-worker.ts';
/** The lazily used packages, as the code imports them: a default export (ora) becomes
 *  module.exports, since a bundle's import() of CommonJS gets module.exports as the default. */
const VENDOR = { chalk: "module.exports = require('chalk');", ora: "module.exports = require('ora').default;", luxon: "module.exports = require('luxon');" };

/** better-sqlite3's addon as a path relative to dist/ (src/backends/local/sqlite.ts). */
function sqliteAddonFromDist() {
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  return relative(resolve('dist'), join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node'));
}

const buildId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // ESM sources read import.meta.url (to find native addons); CommonJS has __filename.
  define: { 'import.meta.url': '__rbdmModuleUrl', RBDM_SQLITE_ADDON: JSON.stringify(sqliteAddonFromDist()) },
  // bin/load-bundle.js names its code cache after the build id on the first line
  banner: { js: `// rbdm-build ${buildId}\nconst __rbdmModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  plugins: [lazyBuiltins()],
  // import() of dist/vendor/ becomes require(): no ESM loader on those paths either
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  // Every page a call touches costs on these VMs: the source is read and copied into a string on
  // every call, and a 40 % smaller file saved ~3 ms of `mirror pool info` (names stay readable
  // through the source map).
  minify: true,
  // (the default, stated: bin/load-bundle.js reads the bundles as latin1)
  charset: 'ascii',
};

const vendorExternal = {
  name: 'vendor-external',
  setup(b) {
    const names = new RegExp(`^(${Object.keys(VENDOR).join('|')})$`);
    b.onResolve({ filter: names }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

// better-sqlite3 finds its addon through `bindings` only when not given one, and
// src/backends/local/sqlite.ts always gives it: 3 KB less for every call to read.
const noBindings = {
  name: 'no-bindings',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'no-bindings' }));
    b.onLoad({ filter: /.*/, namespace: 'no-bindings' }, () => ({
      contents: "module.exports = () => { throw new Error('better-sqlite3 opened without nativeBinding (src/backends/local/sqlite.ts)'); };",
    }));
  },
};

/** One entry per command: `rbd.mirror-pool-info` -> the command's module, with its binary's
 *  failure reporter (the name as src/cli/bundle-dispatch.ts asks for it). */
async function commandEntries() {
  const entries = {};
  for (const [binary, { registry, report }] of Object.entries(BINARIES)) {
    for (const { file, definition } of await registryCommands(registry, cacheDir)) {
      const name = `${binary}.${definition.path.join('-')}`;
      if (entries[name]) throw new Error(`build: two commands bundle to ${name}`);
      entries[name] = `${COMMAND_ENTRY}${JSON.stringify({ file, report })}`;
    }
  }
  return entries;
}

const COMMAND_ENTRY = 'rbdm-command-entry:';
const commandEntry = {
  name: 'command-entry',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${COMMAND_ENTRY}`) }, (args) => ({ path: args.path.slice(COMMAND_ENTRY.length), namespace: 'command-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'command-entry' }, (args) => {
      const { file, report: [reportFile, reporter] } = JSON.parse(args.path);
      return {
        contents: `import command from ${JSON.stringify(file)};\n`
          + `import { commandBundle } from ${JSON.stringify(resolve('src/cli/command-bundle.ts'))};\n`
          + `import { ${reporter} } from ${JSON.stringify(resolve(reportFile))};\n`
          + `export const runCall = commandBundle(command, ${reporter});\n`,
        loader: 'ts', resolveDir: process.cwd(),
      };
    });
  },
};

// Build beside dist/ and swap it in, so a test run in another shell never sees a half-written dist/.
const tmp = `dist.tmp-${process.pid}`;
const plugins = [...common.plugins, vendorExternal, noBindings];
await build({ ...common, entryPoints, outdir: tmp, plugins });
const routers = Object.fromEntries(Object.entries(BINARIES).map(([name, b]) => [name, b.entry]));
const registries = Object.values(BINARIES).map((b) => b.registry);
await build({ ...common, entryPoints: routers, outdir: tmp, plugins: [...plugins, definitionsOnly({ registries, cacheDir })] });
await build({ ...common, entryPoints: await commandEntries(), outdir: tmp, plugins: [...plugins, commandEntry] });
for (const [name, contents] of Object.entries(VENDOR)) {
  await build({ ...common, stdin: { contents, resolveDir: process.cwd(), sourcefile: `vendor-${name}.js` }, outfile: `${tmp}/vendor/${name}.js` });
}
// dist/ is CommonJS inside an ESM package.
writeFileSync(`${tmp}/package.json`, '{ "type": "commonjs" }\n');

const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
