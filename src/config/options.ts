// Ceph config options rbdm knows. Any of them may be given on the command line as
// `--<name> <value>` (dash or underscore spelling), as Ceph allows, or stored per cluster.

export interface ConfigOption {
  type: 'int' | 'bool' | 'str' | 'secs';
  default: string;
  min?: number;
  describe: string;
}

export const CONFIG_OPTIONS: Record<string, ConfigOption> = {
  rbd_default_pool: { type: 'str', default: 'rbd', describe: 'default pool for storing new images' },
  rbd_default_data_pool: { type: 'str', default: '', describe: 'default pool for storing data blocks' },
  rbd_default_features: {
    type: 'str', default: 'layering,exclusive-lock,object-map,fast-diff,deep-flatten',
    describe: 'default features of new images',
  },
  // snapl: the format `rbd clone` creates (auto: 2 where the cluster's clients allow it)
  rbd_default_clone_format: { type: 'str', default: 'auto', describe: 'default clone format [1, 2 or auto]' },
  rbd_default_order: { type: 'int', default: '22', min: 12, describe: 'default object size order' },
  rbd_validate_names: { type: 'bool', default: 'true', describe: 'reject pool/namespace names containing / or @' },
  rbd_concurrent_management_ops: { type: 'int', default: '10', min: 1, describe: 'parallel management operations' },
  rbd_mirroring_max_mirroring_snapshots: {
    type: 'int', default: '5', min: 3, describe: 'mirroring snapshots kept per peer',
  },
  rbd_mirroring_resync_after_disconnect: { type: 'bool', default: 'false', describe: 'resync after a journal disconnect' },
  rbd_mirroring_delete_delay: { type: 'secs', default: '0', describe: 'delay before deleting a non-primary copy' },
  rbd_mirroring_replay_delay: { type: 'secs', default: '0', describe: 'delay applied by the journal replayer' },
  rbd_journal_order: { type: 'int', default: '24', min: 12, describe: 'journal object size order' },
  rbd_journal_splay_width: { type: 'int', default: '4', min: 1, describe: 'journal splay width' },
  rbd_journal_max_payload_bytes: { type: 'int', default: '16384', describe: 'journal entry payload size' },
  rbd_journal_max_concurrent_object_sets: { type: 'int', default: '0', describe: '0 = never disconnect a lagging client' },
  rbd_mirror_journal_commit_age: { type: 'secs', default: '5', describe: 'journal commit interval' },
  rbd_mirror_journal_poll_age: { type: 'secs', default: '5', describe: 'max age between journal polls' },
  rbd_mirror_concurrent_image_syncs: { type: 'int', default: '5', min: 1, describe: 'parallel full syncs' },
  rbd_mirror_pool_replayers_refresh_interval: { type: 'secs', default: '30', describe: 'peer/namespace refresh' },
  rbd_mirror_delete_retry_interval: { type: 'secs', default: '30', describe: 'retry interval of deletions' },
  rbd_mirror_image_state_check_interval: { type: 'secs', default: '30', min: 1, describe: 'image state check' },
  rbd_mirror_leader_heartbeat_interval: { type: 'secs', default: '5', min: 1, describe: 'daemon heartbeat' },
  rbd_mirror_leader_max_missed_heartbeats: { type: 'int', default: '2', describe: 'missed beats before takeover' },
  mon_host: { type: 'str', default: '', describe: 'monitor addresses' },
  log_file: { type: 'str', default: '', describe: 'log file' },
  // the daemon's run-time files (src/config/daemon-paths.ts has rbdm's defaults)
  run_dir: { type: 'str', default: '', describe: 'directory of admin sockets and pid files' },
  admin_socket: { type: 'str', default: '', describe: 'path of the admin socket' },
  pid_file: { type: 'str', default: '', describe: 'path of the pid file' },
};

/** `--rbd-mirroring-max-mirroring-snapshots` → `rbd_mirroring_max_mirroring_snapshots`, if known. */
export function configOptionName(flag: string): string | undefined {
  const name = flag.replace(/^--/, '').replace(/-/g, '_');
  return name in CONFIG_OPTIONS ? name : undefined;
}

/** Checks a value against the option's type and minimum; returns an error text or undefined. */
export function invalidConfigValue(name: string, value: string): string | undefined {
  const opt = CONFIG_OPTIONS[name];
  if (!opt) return `unrecognized config option '${name}'`;
  if (opt.type === 'int' || opt.type === 'secs') {
    if (!/^-?\d+$/.test(value)) return `error parsing value '${value}' for ${name}: expected an integer`;
    if (opt.min !== undefined && Number(value) < opt.min) return `value ${value} for ${name} is below the minimum ${opt.min}`;
  }
  if (opt.type === 'bool' && !/^(true|false|0|1|yes|no)$/i.test(value)) {
    return `error parsing value '${value}' for ${name}: expected true or false`;
  }
  return undefined;
}
