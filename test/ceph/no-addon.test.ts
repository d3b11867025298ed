// Without the native addon (a machine without librbd), choosing the ceph backend fails with one
// clear line saying what to install; the local backend is unaffected. Runs everywhere, no lab.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rbdIn, tempHome } from '../helpers/rbd.js';

const ONE_LINE = /^rbd: the ceph backend needs the rbdm native addon built against librbd: apt-get install librbd-dev librados-dev, then npm run build:native \(or use --backend local\)\n$/;

describe('ceph backend without the native addon', () => {
  const home = tempHome();
  const env = { RBDM_CEPH_ADDON: 'none' };

  it('--backend ceph: exit ENOSYS with one line naming the packages', async () => {
    const r = await rbdIn(home, ['--backend', 'ceph', 'mirror', 'pool', 'info', 'image-pool'], { env });
    expect(r.code).toBe(38);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_LINE);
  });

  it('RBDM_BACKEND=ceph and auto-selection by -c <conf> say the same', async () => {
    const conf = join(home, 'x.conf');
    writeFileSync(conf, '[global]\nmon host = 127.0.0.1:1\n');
    const viaEnv = await rbdIn(home, ['mirror', 'pool', 'info', 'image-pool'], { env: { ...env, RBDM_BACKEND: 'ceph' } });
    const viaConf = await rbdIn(home, ['-c', conf, 'mirror', 'pool', 'info', 'image-pool'], { env: { ...env, RBDM_BACKEND: '' } });
    for (const r of [viaEnv, viaConf]) expect([r.code, r.stderr]).toEqual([38, expect.stringMatching(ONE_LINE)]);
  });

  it('a broken addon file is reported in one line too', async () => {
    const bogus = join(home, 'bogus.node');
    writeFileSync(bogus, 'not an ELF file');
    const r = await rbdIn(home, ['--backend', 'ceph', 'mirror', 'pool', 'info', 'image-pool'], { env: { RBDM_CEPH_ADDON: bogus } });
    expect(r.code).toBe(38);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^rbd: the ceph backend addon could not be loaded \(.*\): apt-get install librbd1 librados2, or npm run build:native\n$/);
  });
});
