// The journal of a journaling image (librbd's Journal + cls_journal), in the local store.
// Entries are appended by the write path inside the same transaction as the data, so after a
// crash the journal and the image agree. Registered clients (rbd-mirror peers) commit positions;
// entries every client has committed are trimmed. With no client registered nothing is kept:
// librbd's own client commits each entry as soon as it is in the image.
import { Errno, RbdError } from '../../errors.js';
import type { JournalEntry as ReplayEntry } from '../replication.js';
import type { Db } from './sqlite.js';
import { cached } from './statements.js';

/** librbd's journal events: AioWrite, AioDiscard, Resize, SnapCreate, SnapRemove; life: Rename,
 *  MetadataSet, MetadataRemove (data: the new name; JSON [key, value]; the key). */
export type JournalEventType = 'write' | 'discard' | 'resize' | 'snap_create' | 'snap_remove' | 'rename' | 'metadata_set' | 'metadata_remove'
  // snapl: the snapshot life cycle and flatten, replayed as journaled ops
  | 'snap_rename' | 'snap_protect' | 'snap_unprotect' | 'flatten';

export interface JournalEvent {
  type: JournalEventType;
  offset: number;
  /** Bytes written/discarded; the new size for 'resize'; the image size for 'snap_create'. */
  length: number;
  /** The data of a 'write'; the snapshot name (UTF-8) of 'snap_create' / 'snap_remove'. */
  data?: Buffer;
}

/** Journals a user snapshot's creation or removal, in the transaction that makes it. */
export function journalSnapEvent(db: Db, imageId: string, type: 'snap_create' | 'snap_remove', name: string, size: number): void {
  appendJournalEntry(db, imageId, { type, offset: 0, length: size, data: Buffer.from(name, 'utf8') });
}

export interface JournalClient {
  clientId: string;
  /** Opaque client data (the mirror peer's JSON). */
  data: string;
  /** Every entry with tid <= commitTid has been replayed by this client. */
  commitTid: number;
  state: 'connected' | 'disconnected';
}

/** The journal's row, created on first use with tag 1: the tag a primary's journal opens with. */
function journalRow(db: Db, imageId: string): { last_tid: number; tag_tid: number } {
  cached(db, 'INSERT OR IGNORE INTO journals (image_id, tag_tid) VALUES (?, 1)').run(imageId);
  return cached(db, 'SELECT last_tid, tag_tid FROM journals WHERE image_id = ?').get(imageId) as { last_tid: number; tag_tid: number };
}

/** Appends one event; returns its tid. Call inside the transaction that applies the event. */
export function appendJournalEntry(db: Db, imageId: string, event: JournalEvent): number {
  return appendJournalEntries(db, imageId, [event]);
}

/** Appends events in order (tids consecutive); returns the last tid. One journal row update and
 *  one client check for the lot: a multi-extent write is many events. */
export function appendJournalEntries(db: Db, imageId: string, events: readonly JournalEvent[]): number {
  const j = journalRow(db, imageId);
  if (events.length === 0) return j.last_tid;
  const tid = j.last_tid + events.length;
  cached(db, 'UPDATE journals SET last_tid = ? WHERE image_id = ?').run(tid, imageId);
  if (journalHasReader(db, imageId)) {
    const insert = cached(db, 'INSERT INTO journal_entries (image_id, tid, tag_tid, type, offset, length, data, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const now = Date.now();
    events.forEach((e, i) => insert.run(imageId, j.last_tid + 1 + i, j.tag_tid, e.type, e.offset, e.length, e.data ?? null, now));
  }
  return tid;
}

/** Whether a connected client reads the image's journal (else appends store no entries). */
export function journalHasReader(db: Db, imageId: string): boolean {
  return cached(db, "SELECT 1 FROM journal_clients WHERE image_id = ? AND state = 'connected' LIMIT 1").get(imageId) !== undefined;
}

/** Hands out the tids of `count` events no client reads, as appendJournalEntries does while
 *  journalHasReader() is false, without the events themselves. Call inside the transaction that
 *  applies them. */
export function skipUnreadJournalEntries(db: Db, imageId: string, count: number): void {
  const j = journalRow(db, imageId);
  if (count > 0) cached(db, 'UPDATE journals SET last_tid = ? WHERE image_id = ?').run(j.last_tid + count, imageId);
}

/** The last tid handed out (0 = none) and the current tag (1 before the journal is used). */
export function journalHead(db: Db, imageId: string): { lastTid: number; tagTid: number } {
  const row = cached(db, 'SELECT last_tid, tag_tid FROM journals WHERE image_id = ?').get(imageId) as { last_tid: number; tag_tid: number } | undefined;
  return { lastTid: row?.last_tid ?? 0, tagTid: row?.tag_tid ?? 1 };
}

/** Promotion and demotion allocate the next tag (librbd Journal::allocate_tag). */
export function nextJournalTag(db: Db, imageId: string): number {
  const tag = journalRow(db, imageId).tag_tid + 1;
  setJournalTag(db, imageId, tag);
  return tag;
}

/** A new journal tag (promotion/demotion epoch); later entries carry it. */
export function setJournalTag(db: Db, imageId: string, tagTid: number): void {
  // (journalRow creates the row of a journal nothing was written to yet)
  journalRow(db, imageId);
  db.prepare('UPDATE journals SET tag_tid = ? WHERE image_id = ?').run(tagTid, imageId);
}

/** Entries with tid > afterTid, oldest first: at most `limit` of them and about `maxBytes` of
 *  payload (one large write still comes alone), so a batch never holds much of the image. One
 *  object per entry, in the shape the replayer takes. */
export function readJournalEntries(db: Db, imageId: string, afterTid: number, limit = 1024, maxBytes = 16 << 20): ReplayEntry[] {
  const rows = db.prepare(`SELECT tid, tag_tid, type, offset, length, data FROM journal_entries
    WHERE image_id = ? AND tid > ? ORDER BY tid LIMIT ?`).iterate(imageId, afterTid, limit) as
    IterableIterator<{ tid: number; tag_tid: number; type: JournalEventType; offset: number; length: number; data: Buffer | null }>;
  const out: ReplayEntry[] = [];
  let bytes = 0;
  for (const r of rows) {
    out.push({ tid: r.tid, tagTid: r.tag_tid, type: r.type, offset: r.offset, length: r.length, data: r.data });
    bytes += r.data?.length ?? 0;
    if (bytes >= maxBytes) break;
  }
  return out;
}

export function getJournalClient(db: Db, imageId: string, clientId: string): JournalClient | undefined {
  const r = db.prepare('SELECT client_id, data, commit_tid, state FROM journal_clients WHERE image_id = ? AND client_id = ?')
    .get(imageId, clientId) as { client_id: string; data: string; commit_tid: number; state: 'connected' | 'disconnected' } | undefined;
  return r && { clientId: r.client_id, data: r.data, commitTid: r.commit_tid, state: r.state };
}

/** Registers a client at a chosen commit position, or re-registers it there (rbd-mirror's
 *  bootstrap and resync). */
export function upsertJournalClient(db: Db, imageId: string, clientId: string, commitTid: number, data = '{}'): void {
  journalRow(db, imageId);
  db.prepare(`INSERT INTO journal_clients (image_id, client_id, data, commit_tid, state) VALUES (?, ?, ?, ?, 'connected')
    ON CONFLICT (image_id, client_id) DO UPDATE SET data = excluded.data, commit_tid = excluded.commit_tid, state = 'connected'`)
    .run(imageId, clientId, data, commitTid);
}

export function setJournalClientData(db: Db, imageId: string, clientId: string, data: string): void {
  db.prepare('UPDATE journal_clients SET data = ? WHERE image_id = ? AND client_id = ?').run(data, imageId, clientId);
}

export function unregisterAllJournalClients(db: Db, imageId: string): void {
  db.prepare('DELETE FROM journal_clients WHERE image_id = ?').run(imageId);
  trimJournal(db, imageId);
}

/** A journal that follows another (a non-primary copy) takes its tags. */
export function followJournalTag(db: Db, imageId: string, tagTid: number): void {
  if (journalHead(db, imageId).tagTid !== tagTid) setJournalTag(db, imageId, tagTid);
}

/** Registers a client positioned at the journal's head (it replays what is written from now on). */
export function registerJournalClient(db: Db, imageId: string, clientId: string, data = '{}'): JournalClient {
  const head = journalRow(db, imageId).last_tid;
  const res = db.prepare('INSERT OR IGNORE INTO journal_clients (image_id, client_id, data, commit_tid) VALUES (?, ?, ?, ?)')
    .run(imageId, clientId, data, head);
  if (!res.changes) throw new RbdError(Errno.EEXIST, `journal client '${clientId}' is already registered`);
  return { clientId, data, commitTid: head, state: 'connected' };
}

export function unregisterJournalClient(db: Db, imageId: string, clientId: string): void {
  db.prepare('DELETE FROM journal_clients WHERE image_id = ? AND client_id = ?').run(imageId, clientId);
  trimJournal(db, imageId);
}

export function listJournalClients(db: Db, imageId: string): JournalClient[] {
  const rows = db.prepare('SELECT client_id, data, commit_tid, state FROM journal_clients WHERE image_id = ? ORDER BY client_id')
    .all(imageId) as { client_id: string; data: string; commit_tid: number; state: 'connected' | 'disconnected' }[];
  return rows.map((r) => ({ clientId: r.client_id, data: r.data, commitTid: r.commit_tid, state: r.state }));
}

/** Records that a client replayed everything up to tid, then trims what all clients have. */
export function commitJournalPosition(db: Db, imageId: string, clientId: string, tid: number): void {
  const res = cached(db, 'UPDATE journal_clients SET commit_tid = MAX(commit_tid, ?) WHERE image_id = ? AND client_id = ?')
    .run(tid, imageId, clientId);
  if (!res.changes) throw new RbdError(Errno.ENOENT, `journal client '${clientId}' is not registered`);
  trimJournal(db, imageId);
}

/** Drops entries every connected client has committed (all of them when none is connected). */
export function trimJournal(db: Db, imageId: string): number {
  const row = cached(db, "SELECT MIN(commit_tid) AS m FROM journal_clients WHERE image_id = ? AND state = 'connected'")
    .get(imageId) as { m: number | null };
  const upTo = row.m ?? Number.MAX_SAFE_INTEGER;
  return cached(db, 'DELETE FROM journal_entries WHERE image_id = ? AND tid <= ?').run(imageId, upTo).changes;
}

// --- the follower's applied position -------------------------------------------------------
// A non-primary copy records how far into its primary's journal it has applied, in the same
// transaction as the events it applied: after a crash (or a commit on the primary that failed)
// replay resumes exactly after it and never applies an event twice. Kept beside the mon's
// config-keys; removed with the copy.

export interface AppliedPosition { tid: number; tagTid: number; mirrorUuid: string }

const appliedKey = (imageId: string) => `rbd/mirror/journal_applied/${imageId}`;

export function appliedPosition(db: Db, imageId: string): AppliedPosition | undefined {
  const row = db.prepare('SELECT value FROM config_key WHERE key = ?').get(appliedKey(imageId)) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const v = JSON.parse(row.value) as AppliedPosition;
    return typeof v.tid === 'number' && typeof v.tagTid === 'number' && typeof v.mirrorUuid === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function setAppliedPosition(db: Db, imageId: string, pos: AppliedPosition | undefined): void {
  if (!pos) {
    db.prepare('DELETE FROM config_key WHERE key = ?').run(appliedKey(imageId));
    return;
  }
  db.prepare('INSERT INTO config_key (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(appliedKey(imageId), JSON.stringify({ tid: pos.tid, tagTid: pos.tagTid, mirrorUuid: pos.mirrorUuid }));
}
