// `rbd info` in rbd's plain layout and JSON/XML keys (tools/rbd/action/Info.cc, Pacific).
import type { ImageDetails } from '../domain/images.js';
import type { Rendering } from './output.js';
import { bytesHuman } from '../rules/byte-units.js';
import { ctime } from './image-units.js';
import type { Plain } from './xml.js';

/** rbd shows the mirroring block for journaling images and for images with a mirror record. */
function mirroring(i: ImageDetails): { mode: string; state: string; globalId?: string; primary?: boolean } | undefined {
  const m = i.mirroring;
  if (!m && !i.features.includes('journaling')) return undefined;
  if (!m || m.state === 'disabled') return { mode: 'journal', state: 'disabled' };
  const state = m.state === 'enabled' || m.state === 'disabling' ? m.state : 'unknown';
  return { mode: m.state === 'enabled' ? m.mode : 'journal', state, globalId: m.globalId, primary: m.primary };
}

export const imageInfoRendering: Rendering<ImageDetails> = {
  root: 'image',
  json: (i) => {
    const out: Record<string, Plain> = {
      name: i.name, id: i.id, size: i.size, objects: i.objectCount, order: i.order, object_size: i.objectSize,
      snapshot_count: i.snapshotCount,
    };
    if (i.dataPool) out.data_pool = i.dataPool;
    Object.assign(out, {
      block_name_prefix: i.blockNamePrefix, format: 2, features: i.features, op_features: i.opFeatures, flags: i.flags,
      create_timestamp: ctime(i.createTimestamp), access_timestamp: ctime(i.accessTimestamp), modify_timestamp: ctime(i.modifyTimestamp),
    });
    if (i.snapProtected !== undefined) out.protected = String(i.snapProtected);
    if (i.parent) {
      out.parent = {
        pool: i.parent.pool, pool_namespace: i.parent.namespace, image: i.parent.image, id: i.parent.id,
        snapshot: i.parent.snapshot, trash: i.parent.trash, overlap: i.parent.overlap,
      };
    }
    if (i.journalId) out.journal = i.journalId;
    const m = mirroring(i);
    if (m) {
      out.mirroring = m.globalId === undefined ? { mode: m.mode, state: m.state }
        : { mode: m.mode, state: m.state, global_id: m.globalId, primary: m.primary! };
    }
    return out;
  },
  plain: (i) => {
    const lines = [
      `rbd image '${i.name}':`,
      `\tsize ${bytesHuman(i.size)} in ${i.objectCount} objects`,
      `\torder ${i.order} (${bytesHuman(i.objectSize)} objects)`,
      `\tsnapshot_count: ${i.snapshotCount}`,
      `\tid: ${i.id}`,
    ];
    if (i.dataPool) lines.push(`\tdata_pool: ${i.dataPool}`);
    lines.push(
      `\tblock_name_prefix: ${i.blockNamePrefix}`,
      '\tformat: 2',
      `\tfeatures: ${i.features.join(', ')}`,
      `\top_features: ${i.opFeatures.join(', ')}`,
      `\tflags: ${i.flags.join(', ')}`,
    );
    for (const [key, ms] of [['create', i.createTimestamp], ['access', i.accessTimestamp], ['modify', i.modifyTimestamp]] as const) {
      if (ms) lines.push(`\t${key}_timestamp: ${ctime(ms)}`);
    }
    if (i.snapProtected !== undefined) lines.push(`\tprotected: ${i.snapProtected ? 'True' : 'False'}`);
    if (i.parent) {
      const p = i.parent;
      lines.push(`\tparent: ${p.pool}/${p.namespace ? `${p.namespace}/` : ''}${p.image}@${p.snapshot}${p.trash ? ' (trash)' : ''}`,
        `\toverlap: ${bytesHuman(p.overlap)}`);
    }
    if (i.journalId) lines.push(`\tjournal: ${i.journalId}`);
    const m = mirroring(i);
    if (m) {
      lines.push(`\tmirroring state: ${m.state}`);
      if (m.globalId !== undefined) {
        lines.push(`\tmirroring mode: ${m.mode}`, `\tmirroring global id: ${m.globalId}`, `\tmirroring primary: ${m.primary}`);
      }
    }
    return lines.join('\n') + '\n';
  },
};
