// The command registries (commands/index.ts, commands/ceph/index.ts) as the router bundles hold
// them: each command's definition as data, no code (src/cli/definition-only.ts); each command
// is bundled apart (scripts/build.mjs) and loaded when it runs. The definitions are read at build
// time from the command modules themselves, so those stay the one source of truth.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const IMPORT = /^import (\w+) from '(\.[^']+\.js)';$/gm;
const read = new Map();

/** Every function but `run` would be lost in the router: refuse to build rather than drop it. */
function assertData(value, where) {
  if (typeof value === 'function') throw new Error(`definitions-only: ${where} is a function; a definition must be data`);
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertData(v, `${where}.${k}`);
}

/** The registry's commands: [{ binding, spec, file, definition }], `definition` without `run`.
 *  The command modules are bundled once to a temporary ESM file and imported. */
export function registryCommands(registry, cacheDir) {
  const file = resolve(registry);
  if (!read.has(file)) read.set(file, readCommands(file, cacheDir));
  return read.get(file);
}

async function readCommands(registry, cacheDir) {
  const imports = [...readFileSync(registry, 'utf8').matchAll(IMPORT)].map(([, binding, spec]) => ({
    binding, spec, file: resolve(dirname(registry), spec.replace(/\.js$/, '.ts')),
  }));
  const contents = imports.map(({ spec }, i) => `import c${i} from ${JSON.stringify(spec)};`).join('\n')
    + `\nexport default [${imports.map((_, i) => `c${i}`).join(', ')}];\n`;
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `definitions-${process.pid}-${read.size}.mjs`);
  await build({
    stdin: { contents, resolveDir: dirname(registry), loader: 'ts', sourcefile: 'definitions.ts' },
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  try {
    const { default: commands } = await import(pathToFileURL(outfile).href);
    return imports.map((entry, i) => {
      const { run: _run, ...definition } = commands[i];
      assertData(definition, `${registry}: ${entry.spec}`);
      return { ...entry, definition };
    });
  } finally {
    rmSync(outfile, { force: true });
  }
}

/** The definitions as JavaScript literals, each object or array that recurs (the shared options
 *  of most commands) declared once: a third of the size of plain JSON, read on every call. */
function sharedLiterals(values) {
  const seen = new Map();
  const count = (v) => {
    if (!v || typeof v !== 'object') return;
    const key = JSON.stringify(v);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    Object.values(v).forEach(count);
  };
  values.forEach(count);
  const names = new Map();
  const declarations = [];
  const of = (v, top = true) => {
    if (!v || typeof v !== 'object') return JSON.stringify(v);
    const key = JSON.stringify(v);
    if (names.has(key)) return names.get(key);
    const inner = Array.isArray(v) ? `[${v.map((x) => of(x, false)).join(',')}]`
      : `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${of(x, false)}`).join(',')}}`;
    if (top || seen.get(key) < 2) return inner;
    const name = `d${names.size}`;
    names.set(key, name);
    declarations.push(`const ${name} = ${inner};`);
    return name;
  };
  return { of, declarations: () => declarations.join('\n') };
}

/** esbuild plugin: the registries' command imports become definitions. */
export function definitionsOnly({ registries, cacheDir }) {
  const files = new Set(registries.map((r) => resolve(r)));
  const stub = resolve('src/cli/definition-only.ts');
  return {
    name: 'definitions-only',
    setup(b) {
      b.onLoad({ filter: /[/\\]index\.ts$/ }, async (args) => {
        if (!files.has(args.path)) return undefined;
        const commands = await registryCommands(args.path, cacheDir);
        const literal = sharedLiterals(commands.map((c) => c.definition));
        const bySpec = new Map(commands.map((c) => [c.spec, c]));
        const body = readFileSync(args.path, 'utf8').replace(IMPORT, (_, binding, spec) =>
          `const ${binding} = definitionOnly(${literal.of(bySpec.get(spec).definition)});`);
        return {
          contents: `import { definitionOnly } from ${JSON.stringify(stub)};\n${literal.declarations()}\n${body}`,
          loader: 'ts', resolveDir: dirname(args.path),
        };
      });
    },
  };
}
