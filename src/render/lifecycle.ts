// life: `rbd trash ls`, `rbd image-meta list|get` and `rbd lock ls` as rbd prints them
// (tools/rbd/action/{Trash,ImageMeta,Lock}.cc): tables, JSON keys and XML elements.
import type { ImageLocks } from '../backends/types.js';
import type { TrashListing } from '../domain/trash.js';
import { ctime } from './image-units.js';
import type { Rendering } from './output.js';
import { textTable } from './table.js';
import type { Plain } from './xml.js';

const status = (t: { defermentEnd: number }, now: number): string =>
  t.defermentEnd > now ? `protected until ${ctime(t.defermentEnd * 1000)}` : `expired at ${ctime(t.defermentEnd * 1000)}`;

export const trashListRendering: Rendering<TrashListing> = {
  root: 'trash',
  xmlItems: { trash: 'image' },
  json: (l) => l.entries.map((t): Plain => ({
    id: t.id, name: t.name,
    ...(l.long ? { source: t.source, deleted_at: ctime(t.deletedAt * 1000), status: status(t, l.now) } : {}),
  })),
  plain: (l) => {
    if (!l.long) return l.entries.map((t) => `${t.id} ${t.name}\n`).join('');
    if (!l.entries.length) return '';
    return textTable(
      [{ header: 'ID' }, { header: 'NAME' }, { header: 'SOURCE' }, { header: 'DELETED_AT' }, { header: 'STATUS' }, { header: 'PARENT' }],
      l.entries.map((t) => [t.id, t.name, t.source, ctime(t.deletedAt * 1000), status(t, l.now), '']));
  },
};

/** `image-meta list`: rbd prints nothing at all for an empty JSON/XML listing. */
export const imageMetaListRendering: Rendering<Record<string, string>> = {
  root: 'metadatas',
  json: (m) => m,
  plain: (m) => {
    const keys = Object.keys(m);
    const head = keys.length === 1 ? 'There is 1 metadatum on this image' : `There are ${keys.length} metadata on this image`;
    if (!keys.length) return `${head}.\n`;
    return `${head}:\n\n${textTable([{ header: 'Key' }, { header: 'Value' }], keys.map((k) => [k, m[k]!]))}`;
  },
};

export const lockListRendering: Rendering<ImageLocks> = {
  root: 'locks',
  json: (l) => l.lockers.map((k) => ({ id: k.id, locker: k.locker, address: k.address })),
  plain: (l) => {
    if (!l.lockers.length) return '';
    const n = l.lockers.length;
    const kind = l.exclusive ? 'exclusive' : 'shared';
    let text = `There ${n === 1 ? 'is' : 'are'} ${n} ${kind} lock${n === 1 ? '' : 's'} on this image.\n`;
    if (!l.exclusive && l.tag) text += `Lock tag: ${l.tag}\n`;
    return text + textTable([{ header: 'Locker' }, { header: 'ID' }, { header: 'Address' }], l.lockers.map((k) => [k.locker, k.id, k.address]));
  },
};

/** rbd prints nothing for an empty `image-meta list` in JSON or XML (only plain says so). */
export function imageMetaListText(out: { format: string }, meta: Record<string, string>): boolean {
  return out.format === 'plain' || Object.keys(meta).length > 0;
}
