// `npm run lint:deps`: the layering rules of .dependency-cruiser.cjs over src/ and commands/.
// Runs dependency-cruiser through its API: its CLI refuses Node 20 (it declares ^22), while the
// API it wraps works here; the rules and the report are the same.
import { createRequire } from 'node:module';
import { cruise, format } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const { options, ...ruleSet } = require('../.dependency-cruiser.cjs');
const result = await cruise(['src', 'commands'], { ...options, ruleSet, validate: true },
  {}, { tsConfig: extractTSConfig(options.tsConfig.fileName) });
const report = await format(result.output, { outputType: process.argv[2] ?? 'err' });
process.stdout.write(report.output);
const { modules } = result.output;
const unresolved = modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && !d.coreModule)
  .map((d) => `${m.source} -> ${d.module}`));
if (unresolved.length) process.stderr.write(`lint:deps: could not resolve\n  ${unresolved.join('\n  ')}\n`);
process.exitCode = report.exitCode || (unresolved.length ? 1 : 0);
