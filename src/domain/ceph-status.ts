// `ceph -s` / `ceph status`: the cluster's id and health, its core services and the rbd-mirror
// daemons of the service map (one line: how many are active on how many hosts).
import type { Backend } from '../backends/backend.js';
import type { MirrorDaemon } from '../backends/types.js';

export interface CephStatus {
  fsid: string;
  health: string;
  services: { name: string; summary: string }[];
  mirrorDaemons: MirrorDaemon[];
  pools: number;
}

export async function cephStatus(backend: Backend): Promise<CephStatus> {
  const [identity, health, daemons, pools] = await Promise.all([
    backend.identity(), backend.clusterHealth(), backend.mirrorDaemons(), backend.listPools(),
  ]);
  const services = [...health.services];
  if (daemons.length > 0) {
    const hosts = new Set(daemons.map((d) => d.hostname)).size;
    services.push({ name: 'rbd-mirror', summary: `${daemons.length} daemon${daemons.length === 1 ? '' : 's'} active (${hosts} hosts)` });
  }
  return { fsid: identity.fsid, health: health.status, services, mirrorDaemons: daemons, pools: pools.length };
}
