// The condition a `mirror image wait` / `mirror pool wait` call waits for, with rbd's checks
// on the spec first (pool, image, mirroring enabled).
import type { Backend } from '../../backends/backend.js';
import { Errno, RbdError } from '../../errors.js';
import { openImage, openPool } from '../open.js';
import type { ResolvedImage, ResolvedPool } from '../specs.js';
import type { FailoverBackend, Timing } from './ports.js';
import { imageSpec } from './steps.js';
import {
  allOf, demotedCondition, mirroredImages, promotedCondition, replayingCondition, syncedCondition,
  WAIT_CONDITIONS, type Condition, type WaitCondition,
} from './wait.js';

export interface PeerHandle { peer?: FailoverBackend; name?: string }
interface WaitOpts { snapshot?: boolean; timing: Timing }

function condition(arg: string | undefined, allowed: readonly string[]): WaitCondition {
  if (arg === undefined) throw new RbdError(Errno.EINVAL, `--for was not specified (${allowed.join(', ')})`);
  if (!allowed.includes(arg)) throw new RbdError(Errno.EINVAL, `invalid --for '${arg}' (${allowed.join(', ')})`);
  return arg as WaitCondition;
}

export async function imageWaitCondition(be: Backend, peer: PeerHandle, ref: ResolvedImage, forArg: string | undefined,
  opts: WaitOpts): Promise<{ cond: Condition; what: string }> {
  const kind = condition(forArg, WAIT_CONDITIONS);
  await openImage(be, ref);
  const info = await be.mirrorImageGetInfo(ref);
  if (info.state !== 'enabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the image');
  const what = `${imageSpec(ref)} to be ${kind}`;
  switch (kind) {
    case 'synced': return { cond: await syncedCondition(be, peer.peer, ref, { ...opts, peerName: peer.name }), what };
    case 'demoted': return { cond: demotedCondition(be, ref), what };
    case 'promoted': return { cond: promotedCondition(be, ref), what };
    case 'replaying': return { cond: replayingCondition(be, ref), what };
  }
}

export async function poolSyncedCondition(be: Backend, peer: PeerHandle, ref: ResolvedPool, forArg: string | undefined,
  opts: WaitOpts): Promise<{ cond: Condition; what: string }> {
  condition(forArg, ['synced']);
  await openPool(be, ref);
  if ((await be.getMirrorMode(ref)) === 'disabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the pool');
  const images = await mirroredImages(be, ref);
  const conds = [];
  for (const image of images) {
    const iref = { ...ref, image };
    const primary = (await be.mirrorImageGetInfo(iref)).primary;
    // --snapshot only where it can be taken: on this cluster's primaries
    conds.push({ name: image, cond: await syncedCondition(be, peer.peer, iref, { ...opts, snapshot: opts.snapshot && primary, peerName: peer.name }) });
  }
  return { cond: allOf(conds), what: `pool ${ref.pool}${ref.namespace ? `/${ref.namespace}` : ''} to be synced` };
}
