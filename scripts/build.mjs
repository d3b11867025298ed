// Bundles the CLI and the daemon with esbuild: one ESM entry per binary, lazily imported
// packages (tables, spinners, dates, colour) split into their own chunks, better-sqlite3's
// JavaScript inlined (its .node addon is loaded by path). Start-up cost is the reason.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';

const entryPoints = { rbd: 'src/cli/rbd-entry.ts', 'rbd-mirror': 'src/daemon/entry.ts', 'gen-man': 'src/cli/man-entry.ts' };
entryPoints.ceph = 'src/cli/ceph-entry.ts';

// Build beside dist/ and swap it in, so a test run in another shell never sees a half-written dist/.
const tmp = `dist.tmp-${process.pid}`;
await build({
  entryPoints,
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS packages inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __rbdmCreateRequire } from 'node:module'; const require = __rbdmCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
