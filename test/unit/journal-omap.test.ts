// cls_journal's header omap as the ceph backend decodes it (src/backends/ceph/journal-omap.ts),
// from values encoded the way Ceph encodes them (little-endian, versioned structs).
import { describe, expect, test } from 'vitest';
import { decodeJournalHeader } from '../../src/backends/ceph/journal-omap.js';

const u8 = (v: number) => Buffer.from([v]);
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
const u64 = (v: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };
const bytes = (b: Buffer) => Buffer.concat([u32(b.length), b]);
/** ENCODE_START(1, 1) ... ENCODE_FINISH */
const struct = (...parts: Buffer[]) => { const body = Buffer.concat(parts); return Buffer.concat([u8(1), u8(1), u32(body.length), body]); };
const position = (objectNumber: number, tagTid: number, entryTid: number) => struct(u64(objectNumber), u64(tagTid), u64(entryTid));
const client = (id: string, data: Buffer, positions: Buffer[], state: number) =>
  struct(bytes(Buffer.from(id)), bytes(data), struct(u32(positions.length), ...positions), u8(state));

describe('journal header omap', () => {
  test('header keys and clients (own client first, positions in order, state)', () => {
    const omap = {
      order: u8(24), splay_width: u8(4), minimum_set: u64(3), active_set: u64(5),
      client_: client('', Buffer.from([2, 1, 13]), [position(1, 1, 5), position(0, 1, 4)], 0),
      'client_5f2c-uuid': client('5f2c-uuid', Buffer.from('peer'), [], 1),
      next_tag_tid: u64(2), tag_0000000000000001: Buffer.from('ignored'),
    };
    expect(decodeJournalHeader('abc123', omap)).toEqual({
      journalId: 'abc123', order: 24, splayWidth: 4, minimumSet: 3, activeSet: 5,
      clients: [
        { id: '', state: 'connected', data: Buffer.from([2, 1, 13]),
          positions: [{ objectNumber: 1, tagTid: 1, entryTid: 5 }, { objectNumber: 0, tagTid: 1, entryTid: 4 }] },
        { id: '5f2c-uuid', state: 'disconnected', data: Buffer.from('peer'), positions: [] },
      ],
    });
  });

  test('a newer struct version with trailing fields still decodes (the length is honoured)', () => {
    const pos = Buffer.concat([u8(2), u8(1), u32(32), u64(7), u64(2), u64(9), u64(1234)]);
    const c = struct(bytes(Buffer.from('x')), bytes(Buffer.alloc(0)), struct(u32(1), pos), u8(0), u64(42));
    expect(decodeJournalHeader('j', { client_x: c }).clients).toEqual([
      { id: 'x', state: 'connected', data: Buffer.alloc(0), positions: [{ objectNumber: 7, tagTid: 2, entryTid: 9 }] },
    ]);
  });
});
