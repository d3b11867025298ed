// Journal access for the journal replayer: the data layer's journal (backends/local/journal.ts),
// plus what the replayer needs beyond it over the same tables: registering at a chosen position
// (upsert), client data updates, and reads bounded by bytes as well as by count.
import {
  commitJournalPosition, journalHead as eJournalHead, listJournalClients, setJournalTag, unregisterJournalClient,
} from '../backends/local/journal.js';
import type { LocalStore } from '../backends/local/store.js';

export interface JournalEntry { tid: number; tagTid: number; type: string; offset: number; length: number; data: Buffer | null }
export interface JournalClient { clientId: string; commitTid: number; state: string; data: Record<string, unknown> }
export interface JournalHead { lastTid: number; tagTid: number }

/** rbd_journal_splay_width: entries are striped over this many objects. */
const SPLAY_WIDTH = 4;

/** The journal's last tid and tag (data layer: backends/local/journal.ts). */
export function journalHead(store: LocalStore, imageId: string): JournalHead {
  return eJournalHead(store.db, imageId);
}

export function getClient(store: LocalStore, imageId: string, clientId: string): JournalClient | undefined {
  const row = store.db.prepare('SELECT client_id, commit_tid, state, data FROM journal_clients WHERE image_id = ? AND client_id = ?')
    .get(imageId, clientId) as { client_id: string; commit_tid: number; state: string; data: string } | undefined;
  if (!row) return undefined;
  let data: Record<string, unknown> = {};
  try { data = JSON.parse(row.data) as Record<string, unknown>; } catch { /* corrupt client data reads as empty */ }
  return { clientId: row.client_id, commitTid: row.commit_tid, state: row.state, data };
}

/** Registers (or re-registers) a client at a commit position. Call inside a transaction. */
export function registerClient(store: LocalStore, imageId: string, clientId: string, commitTid: number, data: Record<string, unknown> = {}): void {
  store.db.prepare('INSERT OR IGNORE INTO journals (image_id, last_tid, tag_tid) VALUES (?, 0, 1)').run(imageId);
  store.db.prepare(`INSERT INTO journal_clients (image_id, client_id, data, commit_tid, state) VALUES (?, ?, ?, ?, 'connected')
    ON CONFLICT (image_id, client_id) DO UPDATE SET data = excluded.data, commit_tid = excluded.commit_tid, state = 'connected'`)
    .run(imageId, clientId, JSON.stringify(data), commitTid);
}

export function setClientData(store: LocalStore, imageId: string, clientId: string, data: Record<string, unknown>): void {
  store.db.prepare('UPDATE journal_clients SET data = ? WHERE image_id = ? AND client_id = ?').run(JSON.stringify(data), imageId, clientId);
}

/** The non-primary's journal follows the primary's tags, so a promotion here allocates the next
 *  one in the same sequence (as the tags' predecessor chain does in Ceph). */
export function followTag(store: LocalStore, imageId: string, tagTid: number): void {
  if (eJournalHead(store.db, imageId).tagTid !== tagTid) setJournalTag(store.db, imageId, tagTid);
}

/** Drops every registration on the image's journal (they belonged to an earlier era). */
export function unregisterClients(store: LocalStore, imageId: string): void {
  for (const c of listJournalClients(store.db, imageId)) unregisterJournalClient(store.db, imageId, c.clientId);
}

/** Entries after `afterTid` in order: at most `limit` of them and about `maxBytes` of payload
 *  (one large write still comes alone), so a batch never holds much of the image in memory. */
export function readEntries(store: LocalStore, imageId: string, afterTid: number, limit: number, maxBytes = 16 << 20): JournalEntry[] {
  const out: JournalEntry[] = [];
  let bytes = 0;
  const rows = store.db.prepare(`SELECT tid, tag_tid, type, offset, length, data FROM journal_entries
    WHERE image_id = ? AND tid > ? ORDER BY tid LIMIT ?`).iterate(imageId, afterTid, limit) as
    IterableIterator<{ tid: number; tag_tid: number; type: string; offset: number; length: number; data: Buffer | null }>;
  for (const r of rows) {
    out.push({ tid: r.tid, tagTid: r.tag_tid, type: r.type, offset: r.offset, length: r.length, data: r.data });
    bytes += r.data?.length ?? 0;
    if (bytes >= maxBytes) break;
  }
  return out;
}

/** Commits a client's position; the data layer trims what every client has replayed. */
export function commitAndTrim(store: LocalStore, imageId: string, clientId: string, commitTid: number): void {
  commitJournalPosition(store.db, imageId, clientId, commitTid);
}

/** A journal position as `rbd journal status` and the replay description print it. */
export function position(tid: number, tagTid: number): { entry_tid: number; object_number: number; tag_tid: number } {
  return { entry_tid: tid, object_number: tid % SPLAY_WIDTH, tag_tid: tagTid };
}
