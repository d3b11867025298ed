// How often the daemon does each thing. Real rbd-mirror reacts to watch notifications; the local
// store has none, so the daemon polls. Every interval can be shortened for tests through the
// environment (RBDM_DAEMON_*_MS).

export interface Timing {
  /** Refresh of the daemon's service-map row (liveness.ts counts a daemon down after 15 s). */
  heartbeatMs: number;
  /** How often each image replayer looks for new work (journal entries, mirror snapshots, state). */
  pollMs: number;
  /** A status record unchanged for this long is rewritten anyway (last_update stays fresh). */
  statusRefreshMs: number;
  /** Pause between copied objects (0 = none): lets tests catch a sync half-way. */
  syncThrottleMs: number;
  /** Journal entries replayed per transaction. */
  journalBatch: number;
  /** How long a replayer that stopped (the primary's demotion replayed) stays `stopped` before
   *  it restarts and reports the state it then finds (rbd-mirror re-checks every ~30 s). */
  replayerRestartMs: number;
}

function envMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function timingFromEnv(env: NodeJS.ProcessEnv = process.env): Timing {
  return {
    heartbeatMs: envMs(env, 'RBDM_DAEMON_HEARTBEAT_MS', 1000),
    pollMs: envMs(env, 'RBDM_DAEMON_POLL_MS', 1000),
    statusRefreshMs: envMs(env, 'RBDM_DAEMON_STATUS_MS', 5000),
    syncThrottleMs: envMs(env, 'RBDM_DAEMON_SYNC_THROTTLE_MS', 0),
    journalBatch: envMs(env, 'RBDM_DAEMON_JOURNAL_BATCH', 256),
    replayerRestartMs: envMs(env, 'RBDM_DAEMON_RESTART_MS', 30_000),
  };
}

/** Work one replayer step may do (object copy or journal replay) before yielding to the others. */
export const STEP_BUDGET_MS = 250;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
