// `rbd journal info|status|client disconnect` (tools/rbd/action/Journal.cc). A journal is named
// by its image's id (`<pool>/<journal-name>`, `--journal`) or by the image (`--image`).
import type { Backend } from '../backends/backend.js';
import type { JournalStatus } from '../backends/types.js';
import { Errno, RbdError, strerror } from '../errors.js';
import { librbdFailure } from './image-failure.js';
import { openPool } from './open.js';
import { resolveImageSpec, type ResolvedImage } from './specs.js';

export interface JournalSpecArgs { pool?: string; namespace?: string; image?: string; journal?: string }

export interface JournalInfo extends JournalStatus { poolId: number }

/** The image a journal spec names: `--image` directly, else the image whose id is the journal
 *  name; undefined when no image has that journal. */
export async function resolveJournal(backend: Backend, spec: string | undefined, args: JournalSpecArgs, defaultPool: string): Promise<ResolvedImage | undefined> {
  if (args.image) {
    // rbd opens the image to learn its journal's name (Journal.cc get_journal_id)
    const ref: ResolvedImage = resolveImageSpec(undefined, args, defaultPool, { validation: 'none', snapshot: 'none' });
    await openPool(backend, ref);
    const info = await backend.imageInfo(ref).catch((e: unknown) => {
      if (e instanceof RbdError) throw new RbdError(e.errno, `failed to open image ${ref.image} to get journal name: ${strerror(e.errno)}`);
      throw e;
    });
    if (!info.features.includes('journaling')) throw new RbdError(Errno.EINVAL, `journaling is not enabled for image ${ref.image}`);
    return ref;
  }
  if (!(args.journal ?? spec)) throw new RbdError(Errno.EINVAL, 'journal was not specified');
  const named: ResolvedImage = resolveImageSpec(args.journal ?? spec, { pool: args.pool, namespace: args.namespace }, defaultPool,
    { validation: 'none', snapshot: 'none' });
  await openPool(backend, named);
  for (const name of await backend.listImages(named)) {
    const info = await backend.imageInfo({ ...named, image: name });
    if (info.id === named.image) return { ...named, image: name };
  }
  return undefined;
}

const NO_JOURNAL = () => new RbdError(Errno.ENOENT, 'failed to get journal metadata');

async function status(backend: Backend, ref: ResolvedImage | undefined, what: string): Promise<JournalStatus> {
  if (ref) await openPool(backend, ref);
  try {
    if (!ref) throw NO_JOURNAL();
    return await backend.journalStatus(ref);
  } catch (e) {
    librbdFailure(e, what);
  }
}

export async function journalInfo(backend: Backend, ref: ResolvedImage | undefined): Promise<JournalInfo> {
  const s = await status(backend, ref, 'journal info');
  return { ...s, poolId: await backend.poolId(ref!.pool) };
}

export async function journalStatus(backend: Backend, ref: ResolvedImage | undefined): Promise<JournalStatus> {
  return status(backend, ref, 'journal status');
}

export async function journalClientDisconnect(backend: Backend, ref: ResolvedImage | undefined, clientId: string | undefined): Promise<void> {
  if (ref) await openPool(backend, ref);
  try {
    if (!ref) throw NO_JOURNAL();
    await backend.journalClientDisconnect(ref, clientId);
  } catch (e) {
    librbdFailure(e, 'journal client disconnect');
  }
}
