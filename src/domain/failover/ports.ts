// What failover needs from a cluster: a narrow slice of the Backend, so the planner and the
// executor run the same against local, Ceph and the unit tests' fake.
import type { Backend } from '../../backends/backend.js';

export type FailoverBackend = Pick<Backend,
  | 'clusterName' | 'identity' | 'getSiteName' | 'poolId' | 'getMirrorMode' | 'getMirrorUuid' | 'listPeers'
  | 'mirrorImageStatusList' | 'mirrorImageGetInfo' | 'mirrorImageGlobalStatus' | 'mirrorDaemons'
  | 'mirrorImagePromote' | 'mirrorImageDemote' | 'mirrorImageCreateSnapshot' | 'listSnaps' | 'imageInfo'
  | 'readImage' | 'readImageChunks' | 'writeImage' | 'flushImage'>;

/** Clock and sleep, injectable so unit tests run without waiting. */
export interface Timing {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Poll interval of every wait. */
  pollMs: number;
}

export const REAL_TIMING: Timing = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  }),
  pollMs: 250,
};
