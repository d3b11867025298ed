// Builds the optional librbd/librados addon (native/) with node-gyp. Runs as the package's
// install hook: without librbd headers it succeeds with a one-line note, so `npm ci` works on any
// machine and only the `ceph` backend is unavailable. `--force` (npm run build:native) fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const force = process.argv.includes('--force');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const headers = ['/usr/include/rbd/librbd.h', '/usr/include/rados/librados.h'];

if (process.env.RBDM_SKIP_NATIVE === '1' || !headers.every((h) => existsSync(h))) {
  const why = process.env.RBDM_SKIP_NATIVE === '1' ? 'RBDM_SKIP_NATIVE=1' : 'no librbd headers';
  console.log(`rbdm: ceph backend addon not built (${why}; apt-get install librbd-dev librados-dev, then npm run build:native)`);
  process.exit(force && why !== 'RBDM_SKIP_NATIVE=1' ? 1 : 0);
}

// npm hands lifecycle scripts its own node-gyp; outside npm, use the one bundled with npm.
const gyp = process.env.npm_config_node_gyp
  ?? join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const r = spawnSync(process.execPath, [gyp, 'rebuild', '--directory', join(root, 'native')], {
  stdio: force ? 'inherit' : ['ignore', 'ignore', 'pipe'], encoding: 'utf8',
});
if (r.status !== 0) {
  if (force) process.exit(r.status ?? 1);
  const last = (r.stderr ?? '').trim().split('\n').filter((l) => /error/i.test(l)).slice(-1)[0] ?? `node-gyp exited ${r.status}`;
  console.log(`rbdm: ceph backend addon failed to build (${last.trim()}); run npm run build:native for details`);
}
