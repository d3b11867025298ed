// `rbd du`: rbd's TextTable (NAME PROVISIONED USED, `<TOTAL>` with more than one row) and the
// `stats` JSON/XML.
import type { DiskUsage } from '../domain/io/du.js';
import type { Rendering } from './output.js';
import { bytesHuman } from '../rules/byte-units.js';
import { textTable } from './table.js';

export const duRendering: Rendering<DiskUsage> = {
  root: 'stats',
  xmlItems: { images: 'image' },
  json: (du) => ({
    images: du.rows.map((r) => ({
      name: r.name,
      id: r.id,
      ...(r.snapshot !== undefined ? { snapshot: r.snapshot, snapshot_id: r.snapshotId! } : {}),
      provisioned_size: r.provisioned,
      used_size: r.used,
    })),
    total_provisioned_size: du.totalProvisioned,
    total_used_size: du.totalUsed,
  }),
  plain: (du) => {
    if (du.rows.length === 0) return '';
    const rows = du.rows.map((r) => [r.snapshot !== undefined ? `${r.name}@${r.snapshot}` : r.name, bytesHuman(r.provisioned), bytesHuman(r.used)]);
    if (rows.length > 1) rows.push(['<TOTAL>', bytesHuman(du.totalProvisioned), bytesHuman(du.totalUsed)]);
    return textTable([{ header: 'NAME' }, { header: 'PROVISIONED', align: 'right' }, { header: 'USED', align: 'right' }], rows);
  },
};
