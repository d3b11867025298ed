// A process killed mid-operation leaves a consistent store: SQLite's integrity check passes,
// and every later command works on what the last committed transaction left.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { createPool, childEnv, ok, okJson, RBD_BIN, tempHome } from '../helpers/rbd.js';

test('SIGKILL during a long import leaves an intact store', async () => {
  const home = tempHome();
  await createPool(home, 'site-a', 'image-pool');
  const file = join(home, 'big.bin');
  const chunk = Buffer.alloc(1 << 20, 0x5a);
  writeFileSync(file, Buffer.concat(Array.from({ length: 256 }, () => chunk))); // 256 MiB of data

  const child = spawn(process.execPath, [RBD_BIN, '--cluster', 'site-a', 'import', file, 'image-pool/victim'], { env: childEnv(home), stdio: 'ignore' });
  // kill it once the image exists, i.e. in the middle of writing its data
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const names = await okJson<string[]>(home, ['--cluster', 'site-a', 'ls', 'image-pool']);
    if (names.includes('victim')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));

  const db = new Database(join(home, 'site-a', 'cluster.db'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  // the store still works for reads and writes
  await ok(home, ['--cluster', 'site-a', 'create', '--size', '8M', 'image-pool/after']);
  expect((await okJson<string[]>(home, ['--cluster', 'site-a', 'ls', 'image-pool'])).sort()).toEqual(['after', 'victim']);
  await ok(home, ['--cluster', 'site-a', 'rm', 'image-pool/victim']);
});
