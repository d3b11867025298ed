// `rbd mirror pool info`: the mirroring configuration of a pool or namespace.
import type { Backend } from '../backends/backend.js';
import type { MirrorMode, PeerAttributes, PeerSite } from '../backends/types.js';
import { openPool } from './open.js';
import type { ResolvedPool } from './specs.js';

export interface PoolMirrorInfo {
  mode: MirrorMode;
  /** Only for an enabled pool (not a namespace). */
  siteName?: string;
  /** Only for an enabled pool (not a namespace). */
  peers?: (PeerSite & { attributes?: PeerAttributes })[];
}

export async function poolMirrorInfo(backend: Backend, ref: ResolvedPool, opts: { all: boolean }): Promise<PoolMirrorInfo> {
  await openPool(backend, ref);
  const mode = await backend.getMirrorMode(ref);
  if (mode === 'disabled' || ref.namespace !== '') return { mode };
  const siteName = await backend.getSiteName();
  const peers = await backend.listPeers(ref.pool);
  if (!opts.all) return { mode, siteName, peers };
  const withSecrets = await Promise.all(peers.map(async (p) => ({ ...p, attributes: await backend.getPeerAttributes(ref.pool, p.uuid) })));
  return { mode, siteName, peers: withSecrets };
}
