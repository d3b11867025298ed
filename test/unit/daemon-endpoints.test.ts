// The local replication endpoints the daemon connects to: its own cluster (ENOENT when it does
// not exist) and a peer, authenticated with the peer's key by the one cephx check (issue 8: a peer
// added without a key must not authenticate).
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { localConnector } from '../../src/backends/local/replication/index.js';
import { tempHome } from '../helpers/rbd.js';

let home: string;
let a: Backend;
let b: Backend;
const POOL = 'image-pool';
const connector = (cluster: string) => localConnector({ cluster, clientId: 'admin', configOverrides: {}, env: { RBDM_HOME: home } });

beforeEach(async () => {
  home = tempHome('rbdm-endpoints-');
  a = createLocalBackend({ cluster: 'site-a', configOverrides: {} }, { RBDM_HOME: home });
  b = createLocalBackend({ cluster: 'site-b', configOverrides: {} }, { RBDM_HOME: home });
  for (const [be, name] of [[a, 'site-a'], [b, 'site-b']] as const) {
    await be.osdPoolCreate(POOL);
    await be.poolInit(POOL);
    await be.setSiteName(name);
    await be.setMirrorMode({ pool: POOL, namespace: '' }, 'image');
  }
});
afterEach(async () => {
  await a.close();
  await b.close();
  rmSync(home, { recursive: true, force: true });
});

test('the own cluster must exist: ENOENT, nothing created', () => {
  expect(() => connector('nope').local()).toThrow(expect.objectContaining({ errno: 2 }));
});

test('a peer added without a key does not authenticate; with the right key it does', async () => {
  const monHost = (await a.identity()).monHost;
  const uuid = await b.addPeer(POOL, { direction: 'rx-tx', siteName: 'site-a', clientName: 'client.admin' });
  await b.setPeerAttributes(POOL, uuid, { mon_host: monHost });
  const peer = (await b.listPeers(POOL))[0]!;
  const c = connector('site-b');
  expect(() => c.peer(peer, { mon_host: monHost })).toThrow(expect.objectContaining({ errno: 13 }));
  expect(() => c.peer(peer, { mon_host: monHost, key: 'AQBk6AZrQCmGGhAAGT0Ey3P30S0Cl7+LDc+EUg==' })).toThrow(expect.objectContaining({ errno: 13 }));
  // the key site-a's bootstrap token carries for its peer user
  const token = JSON.parse(Buffer.from(await a.bootstrapCreate(POOL), 'base64').toString('utf8')) as { client_id: string; key: string };
  const remote = c.peer({ ...peer, clientName: `client.${token.client_id}` }, { mon_host: monHost, key: token.key });
  expect(remote.poolId(POOL)).toBeGreaterThan(0);
  remote.close();
});

test("a journal client flagged disconnected changes the pool's change token: the daemon reacts at its next pass", async () => {
  const ref = { pool: POOL, namespace: '', image: 'jrn' };
  await a.createImage(ref, { size: 4 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
  await a.mirrorImageEnable(ref, 'journal');
  const own = connector('site-a').local();
  try {
    const poolId = own.poolId(POOL)!;
    const imageId = own.mirroredImages(poolId, '')[0]!.imageId;
    own.registerJournalClient(imageId, 'peer-uuid', 0);
    const before = own.changeToken(poolId, '');
    expect(own.changeToken(poolId, '')).toBe(before);
    await a.journalClientDisconnect(ref, 'peer-uuid');
    expect(own.journalClient(imageId, 'peer-uuid')!.state).toBe('disconnected');
    expect(own.changeToken(poolId, '')).not.toBe(before);
  } finally {
    own.close();
  }
});
