// Why a plain `mirror image promote` answers EBUSY, for a hint on a terminal: real rbd says only
// that the demotion is not propagated yet, which looks the same whether the daemon is merely
// behind or not running at all.
import type { Backend } from '../../backends/backend.js';
import type { ImageRef } from '../../backends/types.js';
import { daemonHealth } from '../status-health.js';
import { imageSpec } from './steps.js';

export async function promoteBusyHint(be: Backend, ref: ImageRef): Promise<string> {
  const spec = imageSpec(ref);
  const cluster = be.clusterName;
  try {
    const { daemons } = daemonHealth(await be.mirrorDaemons(), await be.poolId(ref.pool));
    if (!daemons.some((d) => d.instanceId !== '')) {
      return `hint: no rbd-mirror daemon is running for ${cluster}, so the peer's demotion can never arrive here; ` +
        `start one, or if the primary site is lost, promote with --force (then demote and resync the old primary when it returns)`;
    }
  } catch { /* the plain hint below still applies */ }
  return `hint: the peer is still primary, or its demotion has not been replayed here yet: ` +
    `rbd --cluster ${cluster} mirror image wait ${spec} --for demoted, then promote again ` +
    `(or do it all with: rbd --cluster <peer> mirror image failover ${spec} --to ${cluster})`;
}
