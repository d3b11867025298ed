// The domain and local-backend rules under the life-cycle commands: rename's destination, the
// conf_ image-meta checks and the one per-image option resolver, and rbd's lock/meta/trash text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { LocalCore } from '../../src/backends/local/core.js';
import { checkImageMetaValue, imageOption } from '../../src/backends/local/image-config.js';
import { maxMirroringSnapshots } from '../../src/backends/local/mirror-snapshots.js';
import { resolveRenameDest } from '../../src/domain/image-rename.js';
import { imageMetaListRendering, lockListRendering, trashListRendering } from '../../src/render/lifecycle.js';

const home = mkdtempSync(join(tmpdir(), 'rbdm-life-unit-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const src = { pool: 'p', namespace: 'ns', image: 'a', poolDefaulted: false };

describe('rename destination', () => {
  test('pool and namespace default to the source; a named pool names its namespace', () => {
    expect(resolveRenameDest(src, { spec: 'b' })).toEqual({ pool: 'p', namespace: 'ns', image: 'b' });
    expect(resolveRenameDest(src, { spec: 'q/b' })).toEqual({ pool: 'q', namespace: '', image: 'b' });
    expect(resolveRenameDest(src, { dest: 'c', destNamespace: 'x' })).toEqual({ pool: 'p', namespace: 'x', image: 'c' });
  });
  test('missing name and a snapshot are refused as rbd does', () => {
    expect(() => resolveRenameDest(src, {})).toThrow('destination image name was not specified');
    expect(() => resolveRenameDest(src, { spec: 'b@s' })).toThrow("destination snapshot name specified for a command that doesn't use it");
  });
});

describe('conf_ image-meta keys', () => {
  test('only rbd options librbd knows, with values of their type', () => {
    expect(checkImageMetaValue('owner', 'anything')).toBeUndefined();
    expect(checkImageMetaValue('conf_rbd_journal_max_payload_bytes', '8192')).toBeUndefined();
    expect(checkImageMetaValue('conf_rbd_mirroring_resync_after_disconnect', 'true')).toBeUndefined();
    expect(checkImageMetaValue('conf_bogus', '1')).toMatch(/not allowed image level override/);
    expect(checkImageMetaValue('conf_mon_host', 'x')).toMatch(/not allowed image level override/);
    expect(checkImageMetaValue('conf_rbd_journal_max_payload_bytes', 'x')).toBeDefined();
    expect(checkImageMetaValue('conf_rbd_mirroring_max_mirroring_snapshots', '2')).toBeDefined();
  });

  test('one resolver: command line > image-meta > cluster > default', async () => {
    const env = { RBDM_HOME: home };
    const backend = createLocalBackend({ cluster: 'c1', configOverrides: {} }, env);
    await backend.osdPoolCreate('p');
    await backend.poolInit('p');
    await backend.createImage({ pool: 'p', namespace: '', image: 'img' }, { size: 1 << 20, order: 22, features: ['layering'] });
    const id = (await backend.imageInfo({ pool: 'p', namespace: '', image: 'img' })).id;
    const core = new LocalCore({ cluster: 'c1', configOverrides: {} }, env);
    expect(imageOption(core, id, 'rbd_mirroring_resync_after_disconnect')).toBe('false');
    expect(maxMirroringSnapshots(core, id)).toBe(5);
    await backend.setConfig('rbd_mirroring_max_mirroring_snapshots', '7');
    expect(maxMirroringSnapshots(core, id)).toBe(7);
    await backend.metadataSet({ pool: 'p', namespace: '', image: 'img' }, 'conf_rbd_mirroring_max_mirroring_snapshots', '4');
    await backend.metadataSet({ pool: 'p', namespace: '', image: 'img' }, 'conf_rbd_mirroring_resync_after_disconnect', 'true');
    expect(maxMirroringSnapshots(core, id)).toBe(4);
    expect(imageOption(core, id, 'rbd_mirroring_resync_after_disconnect')).toBe('true');
    const cli = new LocalCore({ cluster: 'c1', configOverrides: { rbd_mirroring_max_mirroring_snapshots: '9' } }, env);
    expect(maxMirroringSnapshots(cli, id)).toBe(9);
    core.close();
    cli.close();
    await backend.close();
  });
});

describe("rbd's text", () => {
  test('lock ls: the exclusive lock table as recorded on the lab', () => {
    expect(lockListRendering.plain({ exclusive: true, tag: '', lockers: [{ locker: 'client.4301', id: 'mylock', address: '127.0.0.1:0/877941653' }] }))
      .toBe('There is 1 exclusive lock on this image.\nLocker       ID      Address              \nclient.4301  mylock  127.0.0.1:0/877941653\n');
    expect(lockListRendering.json({ exclusive: true, tag: '', lockers: [{ locker: 'client.1', id: 'auto 1', address: 'a' }] }))
      .toEqual([{ id: 'auto 1', locker: 'client.1', address: 'a' }]);
  });
  test('image-meta list: singular and plural sentences', () => {
    expect(imageMetaListRendering.plain({})).toBe('There are 0 metadata on this image.\n');
    expect(imageMetaListRendering.plain({ k: 'v' })).toBe('There is 1 metadatum on this image:\n\nKey  Value\nk    v    \n');
  });
  test('trash ls -l: protected until / expired at', () => {
    const now = Date.UTC(2026, 11, 2) / 1000;
    const text = trashListRendering.plain({ long: true, now, entries: [
      { id: 'abc', name: 'x', source: 'USER', deletedAt: now - 10, defermentEnd: now + 100 },
      { id: 'abd', name: 'y', source: 'MIRRORING', deletedAt: now - 10, defermentEnd: now - 10 },
    ] });
    expect(text.split('\n')[1]).toMatch(/protected until /);
    expect(text.split('\n')[2]).toMatch(/ MIRRORING .* expired at /);
    expect(trashListRendering.plain({ long: false, now, entries: [{ id: 'abc', name: 'x', source: 'USER', deletedAt: 0, defermentEnd: 0 }] })).toBe('abc x\n');
  });
});

describe('journaled rename and image-meta events (journal mode)', () => {
  test('replayed in order onto the copy; a name clash is skipped', async () => {
    const { applyEvents } = await import('../../src/daemon/data-io.js');
    const { RbdError } = await import('../../src/errors.js');
    const state = { name: 'a', meta: { k: 'old' } as Record<string, string> };
    const local = {
      imageSize: () => 1 << 20,
      renameImage: (_id: string, name: string) => {
        if (name === 'taken') throw new RbdError(17, 'taken');
        state.name = name;
      },
      imageMeta: () => ({ ...state.meta }),
      replaceImageMeta: (_id: string, meta: Record<string, string>) => { state.meta = meta; },
    } as unknown as Parameters<typeof applyEvents>[0];
    const ev = (tid: number, type: string, data: string) => ({ tid, tagTid: 1, type, offset: 0, length: 0, data: Buffer.from(data) });
    applyEvents(local, 'id', [
      ev(1, 'rename', 'b'), ev(2, 'metadata_set', JSON.stringify(['owner', 'qa'])), ev(3, 'metadata_remove', 'k'), ev(4, 'rename', 'taken'),
    ] as Parameters<typeof applyEvents>[2]);
    expect(state).toEqual({ name: 'b', meta: { owner: 'qa' } });
  });
});
