// `rbd journal info|status` on Ceph: the image's journal (named after the image id) is read from
// its header object's omap (cls_journal; native/src/ops-journal.cc reads it, journal-omap.ts
// decodes it). `journal client disconnect` writes through cls_journal, which the addon does not
// bind yet: it says so instead of guessing.
import { Errno, RbdError } from '../../errors.js';
import type { JournalApi } from '../backend.js';
import type { ImageRef } from '../types.js';
import { imageArgs } from './images.js';
import { decodeJournalHeader } from './journal-omap.js';
import type { NativeCluster } from './native.js';

const NO_JOURNAL = () => new RbdError(Errno.ENOENT, 'failed to get journal metadata');

async function journalOf(c: NativeCluster, ref: ImageRef): Promise<string> {
  const info = await c.call<{ id: string; features: number }>('image_info', ...imageArgs(ref));
  if (!(info.features & 64)) throw NO_JOURNAL(); // RBD_FEATURE_JOURNALING
  return info.id;
}

export function journalApi(c: NativeCluster): JournalApi {
  return {
    journalStatus: async (ref) => {
      const id = await journalOf(c, ref);
      const omap = await c.call<Record<string, Buffer>>('omap_get_all', ref.pool, ref.namespace, `journal.${id}`)
        .catch((e: unknown) => { throw (e as { errno?: number }).errno === Errno.ENOENT ? NO_JOURNAL() : e; });
      return decodeJournalHeader(id, omap);
    },
    journalClientDisconnect: async () => {
      throw new RbdError(Errno.EOPNOTSUPP, 'journal client disconnect is not available on the ceph backend yet (use the real rbd)');
    },
  };
}
