// How Ceph shows a stored config value (`ceph config get|dump`).

/** Options Ceph keeps as doubles: it shows them with six decimals (`3.000000`). */
const FLOAT_OPTIONS = new Set(['rbd_mirror_journal_commit_age', 'rbd_mirror_journal_poll_age', 'rbd_mirror_delete_retry_interval']);

export function shownConfigValue(name: string, value: string): string {
  return FLOAT_OPTIONS.has(name) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value).toFixed(6) : value;
}
