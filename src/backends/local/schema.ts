// Versioned schema of a local cluster's store. Append migrations; never edit a released one.
// `PRAGMA user_version` holds the number of migrations applied.
import type { Db } from './sqlite.js';

export const MIGRATIONS: string[] = [
  // 1: cluster metadata, pools, mirroring configuration, images, snapshots, status, schedules
  `
  CREATE TABLE cluster (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fsid TEXT NOT NULL,
    mon_host TEXT NOT NULL,
    created INTEGER NOT NULL
  );
  -- the mon config-key store: rbd/mirror/site_name, rbd/mirror/peer/<pool_id>/<uuid>, ...
  CREATE TABLE config_key (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  -- cluster-wide Ceph config options (ceph config set global ...)
  CREATE TABLE config (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  -- cephx users: entity = client.admin, client.rbd-mirror-peer, ...
  CREATE TABLE auth (entity TEXT PRIMARY KEY, key TEXT NOT NULL, caps TEXT NOT NULL DEFAULT '{}');
  CREATE TABLE pools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    application TEXT,
    created INTEGER NOT NULL
  );
  CREATE TABLE namespaces (
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (pool_id, name)
  );
  -- object rbd_mirroring of a pool ('' namespace) or namespace: mode 0 disabled, 1 image, 2 pool
  CREATE TABLE mirror_config (
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    namespace TEXT NOT NULL DEFAULT '',
    mode INTEGER NOT NULL DEFAULT 0,
    mirror_uuid TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pool_id, namespace)
  );
  -- direction 0 rx-only, 1 tx-only, 2 rx-tx
  CREATE TABLE peers (
    uuid TEXT PRIMARY KEY,
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    direction INTEGER NOT NULL,
    site_name TEXT NOT NULL,
    client_name TEXT NOT NULL,
    mirror_uuid TEXT NOT NULL DEFAULT '',
    last_seen INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL
  );
  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    namespace TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    order_bits INTEGER NOT NULL,
    features INTEGER NOT NULL,
    data_pool TEXT,
    snap_seq INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    accessed INTEGER NOT NULL,
    UNIQUE (pool_id, namespace, name)
  );
  CREATE TABLE image_meta (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (image_id, key)
  );
  -- namespace_type 'user' | 'mirror'; mirror_state 0 primary, 1 primary-demoted, 2 non-primary,
  -- 3 non-primary-demoted; peer_uuids a JSON array
  CREATE TABLE snapshots (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    snap_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    protected INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    namespace_type TEXT NOT NULL DEFAULT 'user',
    mirror_state INTEGER,
    peer_uuids TEXT NOT NULL DEFAULT '[]',
    complete INTEGER NOT NULL DEFAULT 1,
    primary_mirror_uuid TEXT,
    primary_snap_id INTEGER,
    last_copied_object_number INTEGER,
    PRIMARY KEY (image_id, snap_id),
    UNIQUE (image_id, name)
  );
  -- cls_rbd mirror image record: mode 0 journal, 1 snapshot; state 0 disabling, 1 enabled, 3 creating.
  -- promotion: 'primary' | 'non-primary' | 'orphan' (journal tag ownership; snapshot mode derives
  -- it from the newest mirror snapshot but keeps this column in step)
  CREATE TABLE mirror_images (
    image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    global_id TEXT NOT NULL,
    mode INTEGER NOT NULL,
    state INTEGER NOT NULL,
    promotion TEXT NOT NULL DEFAULT 'primary',
    resync_requested INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX mirror_images_global ON mirror_images(global_id);
  -- per-site status records; mirror_uuid '' = written by the local daemon
  CREATE TABLE mirror_status (
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    namespace TEXT NOT NULL DEFAULT '',
    global_id TEXT NOT NULL,
    mirror_uuid TEXT NOT NULL DEFAULT '',
    state INTEGER NOT NULL,
    description TEXT NOT NULL,
    last_update INTEGER NOT NULL,
    daemon_gid INTEGER,
    PRIMARY KEY (pool_id, namespace, global_id, mirror_uuid)
  );
  -- the service map's rbd-mirror entries; a daemon is up while its heartbeat is fresh
  CREATE TABLE mirror_daemons (
    gid INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    hostname TEXT NOT NULL,
    version TEXT NOT NULL,
    pid INTEGER,
    started INTEGER NOT NULL,
    heartbeat INTEGER NOT NULL,
    pools TEXT NOT NULL DEFAULT '{}'
  );
  -- snapshot schedules; level '' = global, '<pool_id>/' , '<pool_id>/<ns>/', '<pool_id>/<ns>/<image_id>'
  CREATE TABLE schedules (
    level TEXT NOT NULL,
    interval TEXT NOT NULL,
    start_time TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL,
    PRIMARY KEY (level, interval, start_time)
  );
  `,
  // 2: image data. Contents are versioned blocks of 4 KiB (image-data.ts): a block row exists
  // only once written (sparse), `epoch` = the image's snap_seq when it was written, so snapshot S
  // reads the newest version with epoch < S and the head reads the newest of all (copy-on-write).
  // data NULL = zeroed after an older version (a whiteout kept for snapshots).
  // Journal: entries appended in the same transaction as the data; clients with commit positions.
  `
  CREATE TABLE image_blocks (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    block_no INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    data BLOB
  );
  CREATE UNIQUE INDEX image_blocks_version ON image_blocks(image_id, block_no, epoch);
  CREATE INDEX image_blocks_epoch ON image_blocks(image_id, epoch);
  -- a removed snapshot frees the versions no remaining snapshot (nor the head) reads
  CREATE TRIGGER image_blocks_snapshot_gc AFTER DELETE ON snapshots BEGIN
    DELETE FROM image_blocks WHERE rowid IN (
      SELECT b.rowid FROM image_blocks b
      WHERE b.image_id = OLD.image_id AND b.epoch < OLD.snap_id
        AND EXISTS (SELECT 1 FROM image_blocks n WHERE n.image_id = b.image_id AND n.block_no = b.block_no
                    AND n.epoch > b.epoch AND n.epoch >= OLD.snap_id)
        AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.image_id = b.image_id AND s.snap_id > b.epoch
                    AND s.snap_id <= (SELECT MIN(n.epoch) FROM image_blocks n WHERE n.image_id = b.image_id
                                      AND n.block_no = b.block_no AND n.epoch > b.epoch)));
    -- a whiteout with nothing older left under it is no longer needed
    DELETE FROM image_blocks WHERE image_id = OLD.image_id AND data IS NULL
      AND NOT EXISTS (SELECT 1 FROM image_blocks o WHERE o.image_id = image_blocks.image_id
                      AND o.block_no = image_blocks.block_no AND o.epoch < image_blocks.epoch);
  END;
  -- one row per journaling image: the last tid handed out (entries may be trimmed)
  CREATE TABLE journals (
    image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    last_tid INTEGER NOT NULL DEFAULT 0,
    tag_tid INTEGER NOT NULL DEFAULT 0
  );
  -- type 'write' (offset, length, data) | 'discard' (offset, length) | 'resize' (length = new size)
  CREATE TABLE journal_entries (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    tid INTEGER NOT NULL,
    tag_tid INTEGER NOT NULL,
    type TEXT NOT NULL,
    offset INTEGER NOT NULL DEFAULT 0,
    length INTEGER NOT NULL DEFAULT 0,
    data BLOB,
    created INTEGER NOT NULL,
    PRIMARY KEY (image_id, tid)
  );
  -- registered journal clients (rbd-mirror peers): entries up to commit_tid are replayed
  CREATE TABLE journal_clients (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    commit_tid INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'connected',
    PRIMARY KEY (image_id, client_id)
  );
  `,
  // 3: status records live and die with the mirror record, as cls_rbd's mirror_image_remove
  // drops an image's status_global and remote-status keys: removing the record (rbd rm, mirror
  // disable, a daemon deleting its non-primary copy) removes every site's row, and a peer
  // daemon's late write for an image this store no longer mirrors is ignored.
  `
  CREATE TRIGGER mirror_status_gc AFTER DELETE ON mirror_images BEGIN
    DELETE FROM mirror_status WHERE global_id = OLD.global_id;
  END;
  CREATE TRIGGER mirror_status_needs_record BEFORE INSERT ON mirror_status
    WHEN NEW.mirror_uuid != '' AND NOT EXISTS (SELECT 1 FROM mirror_images WHERE global_id = NEW.global_id)
  BEGIN
    SELECT RAISE(IGNORE);
  END;
  -- peer-site rows already leaked by earlier versions
  DELETE FROM mirror_status WHERE mirror_uuid != ''
    AND NOT EXISTS (SELECT 1 FROM mirror_images m WHERE m.global_id = mirror_status.global_id);
  `,
  // life: the pool trash (cls_rbd's rbd_trash). A trashed image leaves the directory: its row
  // moves to the reserved namespace TRASH_NAMESPACE under its id as name (lifecycle.ts), so every
  // per-namespace listing skips it and its old name is free; this row keeps where it came from.
  `
  CREATE TABLE trash (
    image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    source INTEGER NOT NULL DEFAULT 0,
    deleted_at INTEGER NOT NULL,
    deferment_end INTEGER NOT NULL
  );
  `,
  // caps: the image map (Ceph's ImageMap): the leader assigns each mirrored image of a pool to one
  // live daemon instance (instance_gid); the daemon replaying it holds it (holder_gid) until it has
  // stopped, so no image is replayed by two daemons at once.
  `
  CREATE TABLE mirror_image_map (
    pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    namespace TEXT NOT NULL DEFAULT '',
    global_id TEXT NOT NULL,
    instance_gid INTEGER NOT NULL,
    holder_gid INTEGER,
    PRIMARY KEY (pool_id, namespace, global_id)
  );
  `,
  // snapl: clones and the snapshot trash. A clone's parent (an image snapshot of this cluster, any
  // pool), its overlap and clone format; a removed snapshot that still has v2 children stays as
  // namespace_type 'trash' under a uuid name (original_name = the user's), and goes with its last
  // child (removed or flattened). primary_snap_id of a non-primary's user snapshot: the primary
  // snapshot it copies (how a rename is followed in snapshot mode).
  `
  CREATE TABLE image_parents (
    image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    parent_image_id TEXT NOT NULL,
    parent_snap_id INTEGER NOT NULL,
    overlap INTEGER NOT NULL,
    clone_format INTEGER NOT NULL
  );
  CREATE INDEX image_parents_parent ON image_parents(parent_image_id, parent_snap_id);
  ALTER TABLE snapshots ADD COLUMN original_name TEXT;
  CREATE TRIGGER snapshot_trash_purge AFTER DELETE ON image_parents BEGIN
    DELETE FROM snapshots WHERE image_id = OLD.parent_image_id AND snap_id = OLD.parent_snap_id AND namespace_type = 'trash'
      AND NOT EXISTS (SELECT 1 FROM image_parents p WHERE p.parent_image_id = OLD.parent_image_id AND p.parent_snap_id = OLD.parent_snap_id);
  END;
  `,
  // perf: the index of versions by epoch also holds block_no, so the blocks and objects changed
  // between two snapshots come from the index alone, without a table row per changed block.
  `
  CREATE INDEX image_blocks_changes ON image_blocks(image_id, epoch, block_no);
  DROP INDEX image_blocks_epoch;
  `,
  // perf: whiteouts (NULL versions) indexed apart, so the snapshot-removal trigger's cleanup of
  // them reads only them, not every block row of the image (a quarter-second per GiB, paid at
  // every mirror snapshot a delta prunes).
  `
  CREATE INDEX image_blocks_whiteouts ON image_blocks(image_id, block_no, epoch) WHERE data IS NULL;
  `,
];

/** `PRAGMA application_id` of an rbdm store ('RBDM'): another program's SQLite file is never
 *  migrated into one. */
export const APPLICATION_ID = 0x5242444d;

/** Whose file this is: rbdm's (its application id, or an older rbdm schema without one), an
 *  empty database (nothing in it yet), or a foreign one. Reads only. */
export function identifyStore(db: Db): 'rbdm' | 'empty' | 'foreign' {
  // An rbdm store says so in its header (every call opens one: nothing more to read). Otherwise
  // one read transaction: another process creating the store may commit between the reads.
  if (db.pragma('application_id', { simple: true }) === APPLICATION_ID) return 'rbdm';
  return db.transaction(() => identifyIn(db))();
}

function identifyIn(db: Db): 'rbdm' | 'empty' | 'foreign' {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return 'rbdm';
  if (appId !== 0) return 'foreign';
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  if (tables.length === 0 && (db.pragma('user_version', { simple: true }) as number) === 0) return 'empty';
  const version = db.pragma('user_version', { simple: true }) as number;
  return version >= 1 && tables.includes('cluster') && tables.includes('pools') ? 'rbdm' : 'foreign';
}

export function migrate(db: Db): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied >= MIGRATIONS.length && db.pragma('application_id', { simple: true }) === APPLICATION_ID) return;
  db.transaction(() => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const now = db.pragma('user_version', { simple: true }) as number;
    for (let v = now; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
