// `rbd journal info|status` on the ceph backend (the header object's omap, decoded in
// src/backends/ceph/journal-omap.ts) print exactly what the real rbd prints, for a mirrored
// journal image whose peer client the lab's rbd-mirror on site-b registered.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rbdIn, tempHome } from '../helpers/rbd.js';
import { scaled } from '../helpers/slow.js';
import { announceSkip, ceph, createPoolOnBothSites, LAB_UP, labTitle, realRbd, SITES, waitFor } from './lab.js';

const POOL = `qa-jrnl-${Date.now().toString(36)}`;
const home = tempHome('rbdm-ceph-journal-');
const ours = (...args: string[]) => rbdIn(home, ['--backend', 'ceph', '--cluster', 'site-a', ...args], { env: { RBDM_BACKEND: 'ceph' } });

announceSkip('rbd journal on the ceph backend');
describe.skipIf(!LAB_UP)(labTitle('rbd journal on the ceph backend'), () => {
  beforeAll(async () => {
    await createPoolOnBothSites(POOL);
    for (const s of SITES) await realRbd('--cluster', s, 'mirror', 'pool', 'enable', '--site-name', s, POOL, 'image');
    const token = join(home, 'token');
    writeFileSync(token, await realRbd('--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', POOL));
    await realRbd('--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', POOL, token);
    await realRbd('--cluster', 'site-a', 'create', '--size', '8M', '--image-feature', 'exclusive-lock,journaling', `${POOL}/img`);
    await realRbd('--cluster', 'site-a', 'mirror', 'image', 'enable', `${POOL}/img`, 'journal');
    await realRbd('--cluster', 'site-a', 'create', '--size', '4M', `${POOL}/plain`);
    await realRbd('--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '24K', `${POOL}/img`);
  }, scaled(180_000));
  afterAll(async () => {
    for (const s of SITES) {
      const info = JSON.parse(await realRbd('--cluster', s, 'mirror', 'pool', 'info', POOL, '--format', 'json').catch(() => '{}'));
      for (const p of info.peers ?? []) await realRbd('--cluster', s, 'mirror', 'pool', 'peer', 'remove', POOL, p.uuid).catch(() => undefined);
      await ceph(s, 'osd', 'pool', 'rm', POOL, POOL, '--yes-i-really-really-mean-it').catch(() => undefined);
    }
    rmSync(home, { recursive: true, force: true });
  }, scaled(120_000));

  it('info and status (plain and JSON) equal the real rbd\'s, the peer\'s client included', async () => {
    // site-b's rbd-mirror registers its client on the primary's journal
    await waitFor('the peer client on the journal', async () =>
      JSON.parse(await realRbd('--cluster', 'site-a', 'journal', 'status', '--pool', POOL, '--image', 'img', '--format', 'json'))
        .registered_clients.length === 2, scaled(120));
    for (const args of [['info'], ['status'], ['info', '--format', 'json'], ['status', '--format', 'json', '--pretty-format']]) {
      const cmd = ['journal', ...args.slice(0, 1), '--pool', POOL, '--image', 'img', ...args.slice(1)];
      // The journal's commit positions still move while the lab's clients catch up, so ours is
      // read between two equal reads of the real rbd (the state held still around it).
      const { real, mine } = await waitFor(`a still journal for ${cmd.join(' ')}`, async () => {
        const before = await realRbd('--cluster', 'site-a', ...cmd);
        const result = await ours(...cmd);
        const after = await realRbd('--cluster', 'site-a', ...cmd);
        return before === after && { real: after, mine: result };
      }, scaled(120));
      expect(mine, cmd.join(' ')).toEqual({ code: 0, stdout: real, stderr: '' });
    }
  }, scaled(180_000));

  it.each([
    [['journal', 'info', '--image', 'plain'], 22, 'rbd: journaling is not enabled for image plain\n'],
    [['journal', 'status', '--image', 'missing'], 2, 'rbd: failed to open image missing to get journal name: (2) No such file or directory\n'],
  ])('%j exits %i as the real rbd\'s last line (checked against the lab)', async (args, code, stderr) => {
    expect(await ours(...args, '--pool', POOL)).toEqual({ code, stdout: '', stderr });
  });
});
