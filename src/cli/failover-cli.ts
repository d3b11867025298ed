// What the wait/failover/drill commands share at the CLI layer (rbdm additions): their options,
// opening the other cluster through the backend selection, step lines and wait progress.
import type { Backend } from '../backends/backend.js';
import type { PoolRef } from '../backends/types.js';
import { optionalDurationMs as parseDuration } from '../rules/duration.js';
import { REAL_TIMING, type Timing } from '../domain/failover/ports.js';
import type { StepSink } from '../domain/failover/steps.js';
import type { CheckResult } from '../domain/failover/wait.js';
import { Errno, RbdError } from '../errors.js';
import { stepLine, waitProgressText } from '../render/failover.js';
import type { Context } from './context.js';
import type { OptionDef } from './define.js';

export const RBDM_ADDITION = '(rbdm addition)';

export const JSON_FORMAT_OPTIONS = {
  format: { type: 'string', describe: 'output format (plain or json) [default: plain]', choices: ['plain', 'json'] },
  'pretty-format': { type: 'boolean', describe: 'pretty formatting (json)' },
} as const satisfies Record<string, OptionDef>;

export const TIMEOUT_OPTION = {
  timeout: { type: 'string', describe: 'give up after this long (e.g. 90s, 5m) [default: none for wait, 5m otherwise]' },
} as const satisfies Record<string, OptionDef>;

export const FAILOVER_OPTIONS = {
  to: { type: 'string', describe: 'the cluster to fail over to, named as --cluster names one' },
  'max-lag': { type: 'string', describe: 'refuse when the target is further behind than this (e.g. 30s)' },
  ...TIMEOUT_OPTION,
} as const satisfies Record<string, OptionDef>;

export const CONCURRENCY_OPTION = {
  'max-concurrent': { type: 'string', describe: 'images moved at the same time [default: 4]' },
} as const satisfies Record<string, OptionDef>;

export const DEFAULT_FAILOVER_TIMEOUT_MS = 300_000;

export function timing(): Timing {
  return REAL_TIMING;
}

export function concurrency(arg: string | undefined): number {
  if (arg === undefined) return 4;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1) throw new RbdError(Errno.EINVAL, `invalid --max-concurrent '${arg}'`);
  return n;
}

export const timeoutMs = (arg: string | undefined, fallback: number | undefined) => parseDuration(arg, '--timeout') ?? fallback;

/** The `--to` cluster, opened as `--cluster` would open it. */
export async function openTarget(ctx: Context, to: string | undefined): Promise<Backend> {
  if (!to) throw new RbdError(Errno.EINVAL, 'the target cluster was not specified (--to <cluster>)');
  if (to === ctx.backendOptions.cluster) throw new RbdError(Errno.EINVAL, `--to names the same cluster as --cluster (${to})`);
  return ctx.openCluster(to);
}

/** The peer cluster of a pool, when it can be opened by its site name (the lab's and local's
 *  naming); undefined otherwise: the wait then relies on the status records alone. */
export async function openPeer(ctx: Context, be: Backend, ref: PoolRef): Promise<{ peer?: Backend; name?: string }> {
  const peers = await be.listPeers(ref.pool).catch(() => []);
  const name = peers[0]?.siteName;
  if (!name || name === ctx.backendOptions.cluster) return { name };
  try {
    const peer = await ctx.openCluster(name);
    await peer.poolId(ref.pool);
    return { peer, name };
  } catch {
    return { name };
  }
}

/** Step lines on stdout as they complete (plain output only: JSON comes whole at the end). */
export function stepPrinter(ctx: Context): StepSink {
  return ctx.format === 'plain' ? (e) => ctx.print.line(stepLine(e)) : () => undefined;
}

/** Progress of a wait on stderr, one rewritten line, only on a terminal. */
export function waitProgress(ctx: Context, what: string): { onProgress(r: CheckResult): void; done(): void } {
  if (!ctx.progress) return { onProgress: () => undefined, done: () => undefined };
  const start = Date.now();
  let shown = false;
  return {
    onProgress: (r) => { shown = true; ctx.io.stderr(`\r\x1b[2K${waitProgressText(what, r, Date.now() - start)}`); },
    done: () => { if (shown) ctx.io.stderr('\r\x1b[2K'); },
  };
}
