// `npm run soak -- [--minutes 10] [--steps N] [--seed N] [--modes journal,snapshot]
//   [--kill-chance 0.35] [--failover-chance 0.08] [--commit-window-chance 0.1] [--world-steps 40] [--world-seed N]`
// The long run of the replication model test (test/helpers/model): bundles its TypeScript with
// esbuild into dist/soak/ (two levels below the checkout, where the helpers find bin/), runs it,
// prints the figures table.
import { build } from 'esbuild';

const outfile = 'dist/soak/model-soak.mjs';
await build({
  entryPoints: ['test/helpers/model/soak.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(new URL(`../${outfile}`, import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
