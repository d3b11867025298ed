// `rbd ls` and `rbd ls -l` in rbd's layouts (tools/rbd/action/List.cc).
import type { ImageListing } from '../domain/image-list.js';
import type { Rendering } from './output.js';
import { textTable } from './table.js';
import { bytesHuman } from '../rules/byte-units.js';
import type { Plain } from './xml.js';

const COLUMNS = [
  { header: 'NAME' }, { header: 'SIZE', align: 'right' }, { header: 'PARENT' },
  { header: 'FMT', align: 'right' }, { header: 'PROT' }, { header: 'LOCK' },
] as const;

export const imageListRendering: Rendering<ImageListing> = {
  root: 'images',
  xmlItems: { images: 'name' },
  json: (l) => {
    if (!l.long) return l.names;
    const rows: Plain[] = [];
    for (const i of l.images) {
      rows.push({ image: i.name, id: i.id, size: i.size, format: i.format, ...(i.lockType ? { lock_type: i.lockType } : {}) });
      for (const s of i.snapshots) {
        rows.push({ image: i.name, id: i.id, snapshot: s.name, snapshot_id: s.id, size: s.size, format: i.format, protected: String(s.protected) });
      }
    }
    return rows;
  },
  plain: (l) => {
    if (!l.long) return l.names.map((n) => n + '\n').join('');
    if (l.images.length === 0) return '';
    const rows: string[][] = [];
    for (const i of l.images) {
      const lock = i.lockType === 'exclusive' ? 'excl' : i.lockType === 'shared' ? 'shr' : '';
      rows.push([i.name, bytesHuman(i.size), '', String(i.format), '', lock]);
      for (const s of i.snapshots) rows.push([`${i.name}@${s.name}`, bytesHuman(s.size), '', String(i.format), s.protected ? 'yes' : '', '']);
    }
    return textTable(COLUMNS, rows);
  },
};

/** XML items of `ls -l` are `<image>` elements (rbd names snapshot rows `<snapshot>`). */
export const longImageListRendering: Rendering<ImageListing> = { ...imageListRendering, xmlItems: {} };
