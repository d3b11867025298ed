// cls_journal's header omap (`journal.<journal id>`) decoded: Ceph's little-endian encoding of
// the header keys (order, splay_width: u8; minimum_set, active_set: u64) and of each registered
// client (`client_<id>`: a versioned struct of id, data, commit position, state).
import type { JournalPosition, JournalStatus } from '../types.js';

class Decoder {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  u8(): number { return this.b.readUInt8(this.at++); }
  u32(): number { const v = this.b.readUInt32LE(this.at); this.at += 4; return v; }
  u64(): number { const v = Number(this.b.readBigUInt64LE(this.at)); this.at += 8; return v; }
  bytes(): Buffer { const n = this.u32(); const v = this.b.subarray(this.at, this.at + n); this.at += n; return v; }
  /** ENCODE_START's header (version, compat, length): the struct's end offset. */
  struct(): number { this.u8(); this.u8(); const len = this.u32(); return this.at + len; }
  seek(end: number): void { this.at = end; }
}

function position(d: Decoder): JournalPosition {
  const end = d.struct();
  const p = { objectNumber: d.u64(), tagTid: d.u64(), entryTid: d.u64() };
  d.seek(end);
  return p;
}

export type JournalClientEntry = JournalStatus['clients'][number];

export function decodeClient(raw: Buffer): JournalClientEntry {
  const d = new Decoder(raw);
  const end = d.struct();
  const id = d.bytes().toString('utf8');
  const data = Buffer.from(d.bytes());
  const setEnd = d.struct();
  const positions: JournalPosition[] = [];
  for (let n = d.u32(); n > 0; n--) positions.push(position(d));
  d.seek(setEnd);
  const state = d.u8() === 0 ? 'connected' as const : 'disconnected' as const;
  d.seek(end);
  return { id, state, positions, data };
}

/** The header's omap pairs as the addon returns them (key → raw value). */
export function decodeJournalHeader(journalId: string, omap: Record<string, Buffer>): JournalStatus {
  const u8 = (k: string) => (omap[k] ? omap[k]!.readUInt8(0) : 0);
  const u64 = (k: string) => (omap[k] ? Number(omap[k]!.readBigUInt64LE(0)) : 0);
  const clients = Object.keys(omap).filter((k) => k.startsWith('client_')).sort()
    .map((k) => decodeClient(omap[k]!));
  return { journalId, order: u8('order'), splayWidth: u8('splay_width'), minimumSet: u64('minimum_set'), activeSet: u64('active_set'), clients };
}
