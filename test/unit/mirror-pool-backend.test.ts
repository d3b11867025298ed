// Local-backend rules of the pool mirroring API that the CLI cannot reach directly.
import { describe, expect, test } from 'vitest';
import { adminApi } from '../../src/backends/local/admin.js';
import { LocalCore } from '../../src/backends/local/core.js';
import { connectToPeer, mirrorBootstrapApi } from '../../src/backends/local/mirror-pool-bootstrap.js';
import { mirrorPoolApi } from '../../src/backends/local/mirror-pool.js';
import { poolApi } from '../../src/backends/local/pools.js';
import { poolApplicationApi } from '../../src/backends/local/pool-application.js';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { decodeToken } from '../../src/rules/token.js';
import { tempHome } from '../helpers/rbd.js';

async function cluster(name = 'site-a', home = tempHome('rbdm-a-')) {
  const core = new LocalCore({ cluster: name, configOverrides: {} }, { RBDM_HOME: home });
  await adminApi(core).osdPoolCreate('image-pool');
  await poolApplicationApi(core).poolInit('image-pool');
  const api = { ...mirrorPoolApi(core), ...mirrorBootstrapApi(core) };
  return { core, api, home, fixtures: new LocalFixtures(core) };
}

const ref = { pool: 'image-pool', namespace: '' };

describe('local mirror pool API', () => {
  test('the mirror uuid is allocated when leaving disabled, kept across mode switches, cleared on disable', async () => {
    const { api } = await cluster();
    expect(await api.getMirrorUuid(ref)).toBe('');
    await api.setMirrorMode(ref, 'image');
    const uuid = await api.getMirrorUuid(ref);
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    await api.setMirrorMode(ref, 'pool');
    expect(await api.getMirrorUuid(ref)).toBe(uuid);
    await api.setMirrorMode(ref, 'disabled');
    expect(await api.getMirrorUuid(ref)).toBe('');
  });

  test('site name: stored as given, empty falls back to the fsid', async () => {
    const { api, core } = await cluster();
    await api.setSiteName(' spaced ');
    expect(await api.getSiteName()).toBe(' spaced ');
    await api.setSiteName('');
    expect(await api.getSiteName()).toBe(core.store.identity().fsid);
  });

  test('peer add refuses tx-only, an empty client for an rx peer, a disabled pool; unknown uuid → ENOENT', async () => {
    const { api } = await cluster();
    await expect(api.addPeer('image-pool', { direction: 'rx-tx', siteName: 'b', clientName: 'client.x' })).rejects.toMatchObject({ errno: 22 });
    await api.setMirrorMode(ref, 'image');
    await expect(api.addPeer('image-pool', { direction: 'tx-only', siteName: 'b', clientName: 'client.x' })).rejects.toMatchObject({ errno: 22 });
    await expect(api.addPeer('image-pool', { direction: 'rx-only', siteName: 'b', clientName: '' })).rejects.toMatchObject({ errno: 22 });
    await expect(api.addPeer('image-pool', { direction: 'rx-tx', siteName: 'site-a', clientName: 'client.x' }))
      .rejects.toMatchObject({ errno: 22, message: 'cannot add self as remote peer' });
    const uuid = await api.addPeer('image-pool', { direction: 'rx-tx', siteName: 'b', clientName: 'client.x' });
    await expect(api.setPeerSiteName('image-pool', uuid, 'site-a')).rejects.toMatchObject({ errno: 22 });
    const other = '00000000-0000-0000-0000-000000000000';
    for (const call of [() => api.setPeerClient('image-pool', other, 'c'), () => api.setPeerDirection('image-pool', other, 'rx-only'),
      () => api.setPeerSiteName('image-pool', other, 'x'), () => api.setPeerAttributes('image-pool', other, { key: 'k' })]) {
      await expect(call()).rejects.toMatchObject({ errno: 2 });
    }
    await api.removePeer('image-pool', other);
  });

  test('attributes are stored under rbd/mirror/peer/<pool_id>/<uuid> as librbd writes them', async () => {
    const { api, core } = await cluster();
    await api.setMirrorMode(ref, 'image');
    const uuid = await api.addPeer('image-pool', { direction: 'rx-tx', siteName: 'b', clientName: 'client.x' });
    await api.setPeerAttributes('image-pool', uuid, { mon_host: 'm', key: 'k' });
    const poolId = core.store.poolId('image-pool');
    expect(core.store.getConfigKey(`rbd/mirror/peer/${poolId}/${uuid}`)).toBe('{"key": "k", "mon_host": "m"}');
    expect(await api.getPeerAttributes('image-pool', uuid)).toEqual({ key: 'k', mon_host: 'm' });
    await api.removePeer('image-pool', uuid);
    expect(core.store.getConfigKey(`rbd/mirror/peer/${poolId}/${uuid}`)).toBeUndefined();
  });

  test('bootstrap create: same token each time; the user gets librbd caps; other caps → EEXIST', async () => {
    const { core, api, fixtures } = await cluster();
    await expect(api.bootstrapCreate('image-pool')).rejects.toMatchObject({ errno: 22 });
    await api.setMirrorMode(ref, 'image');
    const token = await api.bootstrapCreate('image-pool');
    expect(await api.bootstrapCreate('image-pool')).toBe(token);
    const row = (await adminApi(core).authGet('client.rbd-mirror-peer'))!;
    expect(row.caps).toEqual({ mon: 'profile rbd-mirror-peer', osd: 'profile rbd' });
    expect(decodeToken(token).key).toBe(row.key);
    fixtures.replaceCaps('client.rbd-mirror-peer', { mon: 'allow *' });
    await expect(api.bootstrapCreate('image-pool')).rejects.toMatchObject({ errno: 17 });
  });

  test('connectToPeer: local:<dir> with the right key opens the remote; wrong key EACCES; elsewhere ETIMEDOUT', async () => {
    const a = await cluster('site-a');
    await a.api.setMirrorMode(ref, 'image');
    const t = decodeToken(await a.api.bootstrapCreate('image-pool'));
    const remote = connectToPeer(t.mon_host, t.client_id, t.key);
    expect(remote.identity().fsid).toBe(t.fsid);
    remote.close();
    expect(() => connectToPeer(t.mon_host, t.client_id, 'wrong')).toThrow(expect.objectContaining({ errno: 13 }));
    expect(() => connectToPeer('[v2:127.0.0.1:3300/0]', t.client_id, t.key)).toThrow(expect.objectContaining({ errno: 110 }));
  });
});
