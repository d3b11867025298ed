// `rbdm` and `rbdm-mirror` are the same binaries under names that do not collide with Ceph's
// /usr/bin/rbd (npm link); messages keep rbd's `rbd:` prefix, completion registers `rbdm`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { childEnv, ROOT, tempHome } from '../helpers/rbd.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

test('package.json installs rbdm and rbdm-mirror beside rbd and rbd-mirror', () => {
  expect(pkg.bin).toMatchObject({ rbd: 'bin/rbd.js', 'rbd-mirror': 'bin/rbd-mirror.js', rbdm: 'bin/rbd.js', 'rbdm-mirror': 'bin/rbd-mirror.js' });
});

test('rbdm, run through its shebang as npm link installs it, is rbd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbdm-link-'));
  for (const [name, target] of Object.entries(pkg.bin)) symlinkSync(join(ROOT, target), join(dir, name));
  const home = tempHome();
  const env = childEnv(home);
  const run = (name: string, ...args: string[]) => spawnSync(join(dir, name), args, { env, encoding: 'utf8' });

  expect(run('ceph', '--cluster', 'site-a', 'osd', 'pool', 'create', 'image-pool').status).toBe(0);
  expect(run('rbdm', '--cluster', 'site-a', 'pool', 'init', 'image-pool').status).toBe(0);
  expect(run('rbdm', '--cluster', 'site-a', 'mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image').status).toBe(0);
  expect(run('rbd', '--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool', '--format', 'json').stdout)
    .toBe('{"mode":"image","site_name":"site-a","peers":[]}\n');
  const bad = run('rbdm', '--cluster', 'site-a', 'mirror', 'pool', 'info', 'no-pool');
  expect({ status: bad.status, stderr: bad.stderr }).toEqual({ status: 2, stderr: "rbd: error opening pool 'no-pool': (2) No such file or directory\n" });
  expect(run('rbdm-mirror', '--version').stdout).toBe(run('rbd-mirror', '--version').stdout);
  const script = run('rbdm', 'completion').stdout;
  expect(script).toContain('rbdm --get-yargs-completions');
  expect(script).toContain('complete -o default -F _rbdm_completions rbdm');
});
