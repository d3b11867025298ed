// `rbd journal info|status` in rbd's plain layout and JSON keys (tools/rbd/action/Journal.cc).
import type { JournalPosition, JournalStatus } from '../backends/types.js';
import type { JournalInfo } from '../domain/journal.js';
import type { Rendering } from './output.js';

const ORDER_UNITS = ['B', 'KiB', 'MiB', 'GiB'];
function objectSize(order: number): string {
  let n = 2 ** order;
  let u = 0;
  while (n >= 1024 && u < ORDER_UNITS.length - 1) { n /= 1024; u++; }
  return `${n} ${ORDER_UNITS[u]}`;
}

const header = (j: JournalInfo) => ({
  journal_id: j.journalId,
  header_oid: `journal.${j.journalId}`,
  object_oid_prefix: `journal_data.${j.poolId}.${j.journalId}.`,
  order: j.order,
  splay_width: j.splayWidth,
});

export const journalInfoRendering: Rendering<JournalInfo> = {
  root: 'journal',
  json: header,
  plain: (j) => {
    const h = header(j);
    return `rbd journal '${h.journal_id}':\n\theader_oid: ${h.header_oid}\n\tobject_oid_prefix: ${h.object_oid_prefix}\n` +
      `\torder: ${h.order} (${objectSize(h.order)} objects)\n\tsplay_width: ${h.splay_width}\n`;
  },
};

/** Ceph's bufferlist hexdump: 16 bytes a line, offset, two groups of 8, the printable text. */
export function hexdump(data: Buffer): string {
  let out = '';
  for (let off = 0; off < data.length; off += 16) {
    const chunk = data.subarray(off, off + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const text = [...chunk].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${text}|\n`;
  }
  return out + `${data.length.toString(16).padStart(8, '0')}\n`;
}

const position = (p: JournalPosition) => ({ object_number: p.objectNumber, tag_tid: p.tagTid, entry_tid: p.entryTid });

export const journalStatusRendering: Rendering<JournalStatus> = {
  root: 'status',
  json: (s) => ({
    minimum_set: s.minimumSet,
    active_set: s.activeSet,
    registered_clients: s.clients.map((c) => ({
      id: c.id, data: hexdump(c.data), commit_position: { object_positions: c.positions.map(position) }, state: c.state,
    })),
  }),
  plain: (s) => `minimum_set: ${s.minimumSet}\nactive_set: ${s.activeSet}\nregistered clients: \n` + s.clients.map((c) =>
    `\t[id=${c.id}, commit_position=[positions=[${c.positions.map((p) =>
      `[object_number=${p.objectNumber}, tag_tid=${p.tagTid}, entry_tid=${p.entryTid}]`).join(', ')}]], state=${c.state}]\n`).join(''),
};
