// `rbd journal status|info|client disconnect` on the local store: the journal's header (order,
// splay width, object sets) and its clients with their commit positions, in cls_journal's terms.
// Entry tids count from 0 there, from 1 here; an entry goes to object tid % splay_width.
import { imageOption } from './image-config.js';
import { Errno, RbdError } from '../../errors.js';
import type { JournalApi } from '../backend.js';
import { FEATURES, type ImageRef, type JournalPosition } from '../types.js';
import type { LocalCore } from './core.js';
import { journalHead, listJournalClients, trimJournal } from './journal.js';

/** ImageClientMeta of the image's own client as librbd encodes it (tag class 0, no resync). */
const MASTER_CLIENT_DATA = Buffer.from([2, 1, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

function journaledImage(core: LocalCore, ref: ImageRef): string {
  const { store } = core;
  const poolId = store.poolRefId(ref);
  const row = store.db.prepare('SELECT id, features FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(poolId, ref.namespace, ref.image) as { id: string; features: number } | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `image ${ref.image} does not exist`);
  if (!(row.features & FEATURES.journaling)) throw new RbdError(Errno.ENOENT, 'failed to get journal metadata');
  return row.id;
}

export function journalAdminApi(core: LocalCore): JournalApi {
  return {
    journalStatus: async (ref) => {
      const imageId = journaledImage(core, ref);
      const { db } = core.store;
      const splayWidth = Number.parseInt(imageOption(core, imageId, 'rbd_journal_splay_width'), 10); // life: conf_ image-meta applies
      const head = journalHead(db, imageId);
      const tagOf = db.prepare('SELECT tag_tid FROM journal_entries WHERE image_id = ? AND tid = ?');
      // the newest entry of each object up to `tid`, newest first
      const positions = (tid: number): JournalPosition[] => {
        const out: JournalPosition[] = [];
        for (let t = tid; t > 0 && out.length < splayWidth; t--) {
          const tag = (tagOf.get(imageId, t) as { tag_tid: number } | undefined)?.tag_tid ?? head.tagTid;
          out.push({ objectNumber: (t - 1) % splayWidth, tagTid: tag, entryTid: t - 1 });
        }
        return out;
      };
      const peers = listJournalClients(db, imageId).map((c) => ({
        id: c.clientId, state: c.state, positions: positions(c.commitTid), data: Buffer.from(c.data, 'utf8'),
      }));
      return {
        journalId: imageId, order: Number.parseInt(imageOption(core, imageId, 'rbd_journal_order'), 10), splayWidth, minimumSet: 0, activeSet: 0,
        clients: [{ id: '', state: 'connected' as const, positions: positions(head.lastTid), data: MASTER_CLIENT_DATA }, ...peers],
      };
    },
    journalClientDisconnect: async (ref, clientId) => {
      const { store } = core;
      store.tx(() => {
        const imageId = journaledImage(core, ref);
        const clients = listJournalClients(store.db, imageId).filter((c) => clientId === undefined || c.clientId === clientId);
        if (clientId !== undefined && clients.length === 0) throw new RbdError(Errno.ENOENT, `client ${clientId} is not registered`);
        if (clients.length === 0) throw new RbdError(Errno.ENOENT, 'no registered clients to disconnect');
        const flag = store.db.prepare("UPDATE journal_clients SET state = 'disconnected' WHERE image_id = ? AND client_id = ?");
        for (const c of clients) flag.run(imageId, c.clientId);
        // a disconnected client no longer holds entries back
        trimJournal(store.db, imageId);
      });
    },
  };
}
