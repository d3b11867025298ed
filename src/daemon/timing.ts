// How often the daemon does each thing, from Ceph's rbd-mirror options (command line
// `--rbd-mirror-... value`, else the cluster's config, else Ceph's default). Real rbd-mirror
// reacts to watch notifications; the local store has none, so the daemon also polls. Tests may
// shorten any interval through the environment (RBDM_DAEMON_*_MS), which wins over the options.

export interface Timing {
  /** Refresh of the daemon's service-map row (liveness.ts counts a daemon down after 15 s). */
  heartbeatMs: number;
  /** How often each image replayer looks for new work (journal entries, mirror snapshots,
   *  state): rbd_mirror_journal_poll_age, at most once a second. */
  pollMs: number;
  /** A status record unchanged for this long is rewritten anyway (last_update stays fresh). */
  statusRefreshMs: number;
  /** Pause between copied objects (0 = none): lets tests catch a sync half-way. */
  syncThrottleMs: number;
  /** Journal entries replayed per transaction. */
  journalBatch: number;
  /** How long a replayer that stopped (the primary's demotion replayed) stays `stopped` before
   *  it restarts and reports what it then finds: rbd_mirror_image_state_check_interval. */
  replayerRestartMs: number;
  /** Full syncs (bootstraps) that run at once: rbd_mirror_concurrent_image_syncs. */
  concurrentImageSyncs: number;
  /** Longest time between two reads of the pools, peers and namespaces to replicate (sooner
   *  when the store changed): rbd_mirror_pool_replayers_refresh_interval. */
  poolRefreshMs: number;
  /** First and longest wait before retrying after a transient failure (doubling between). */
  retryMinMs: number;
  retryMaxMs: number;
}

/** A Ceph option's effective value (command line > cluster config > default). */
export type OptionReader = (name: string) => string;

function envMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function optionNumber(read: OptionReader | undefined, name: string, fallback: number): number {
  if (!read) return fallback;
  try {
    const n = Number(read(name));
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

export function timingFrom(env: NodeJS.ProcessEnv = process.env, option?: OptionReader): Timing {
  const secs = (name: string, fallback: number) => optionNumber(option, name, fallback) * 1000;
  const pollAgeMs = secs('rbd_mirror_journal_poll_age', 5);
  return {
    heartbeatMs: envMs(env, 'RBDM_DAEMON_HEARTBEAT_MS') ?? 1000,
    pollMs: envMs(env, 'RBDM_DAEMON_POLL_MS') ?? Math.max(50, Math.min(1000, pollAgeMs)),
    statusRefreshMs: envMs(env, 'RBDM_DAEMON_STATUS_MS') ?? 5000,
    syncThrottleMs: envMs(env, 'RBDM_DAEMON_SYNC_THROTTLE_MS') ?? 0,
    // (bounded by bytes too: readJournalEntries stops at 16 MiB of payload)
    journalBatch: envMs(env, 'RBDM_DAEMON_JOURNAL_BATCH') ?? 2048,
    replayerRestartMs: envMs(env, 'RBDM_DAEMON_RESTART_MS') ?? secs('rbd_mirror_image_state_check_interval', 30),
    concurrentImageSyncs: Math.max(1, optionNumber(option, 'rbd_mirror_concurrent_image_syncs', 5)),
    poolRefreshMs: envMs(env, 'RBDM_DAEMON_POOL_REFRESH_MS') ?? secs('rbd_mirror_pool_replayers_refresh_interval', 30),
    retryMinMs: envMs(env, 'RBDM_DAEMON_RETRY_MIN_MS') ?? 1000,
    retryMaxMs: envMs(env, 'RBDM_DAEMON_RETRY_MAX_MS') ?? 30_000,
  };
}

/** Work one replayer step may do (object copy or journal replay) before yielding to the others. */
export const STEP_BUDGET_MS = 250;

/** Waits ms (0 = one turn of the event loop); wakes at once when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal?.removeEventListener('abort', done);
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      resolve();
    };
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    if (ms > 0) timer = setTimeout(done, ms);
    else immediate = setImmediate(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
