// Levels of the snapshot schedule tree as the rbd_support mgr module names them ('' global,
// 'p/' pool, 'p/ns/' namespace, 'p/img' or 'p/ns/img' image): the one name <-> level mapping,
// used by the domain for what the user asked and by the ceph backend for what the mgr lists.
import type { ScheduleLevel } from '../backends/types.js';

/** A level as rbd names it for the mgr and as parsed back. */
export interface ResolvedLevel { name: string; level: ScheduleLevel }

/** An EINVAL answer of the rbd_support mgr module, before the CLI adds its prefix. */
export class MgrError extends Error {}

/** The mgr's refusal of a level, wrapped later into `rbd mirror snapshot schedule <verb> failed`. */
export function invalidLevel(name: string, why: string): Error {
  return new MgrError(`Invalid level spec ${name}: ${why}`);
}

/** The name rbd_support lists a level under. */
export function levelName(l: ScheduleLevel): string {
  if (l.pool === undefined) return '';
  if (l.image !== undefined) return l.namespace ? `${l.pool}/${l.namespace}/${l.image}` : `${l.pool}/${l.image}`;
  return l.namespace !== undefined ? `${l.pool}/${l.namespace}/` : `${l.pool}/`;
}

// rbd_support LevelSpec.from_name
const LEVEL_NAME = /^(?:([^/]+)\/(?:(?:([^/]*)\/|)(?:([^/@]+))?)?)?$/;

/** What the mgr makes of a level name (LevelSpec.from_name); an unparsable one is `failed to
 *  parse <name>`. `p//` is the pool level (an empty namespace is the default one). Pool,
 *  namespace and image existence are checked later, against the cluster. */
export function parseLevelName(name: string): ResolvedLevel {
  const m = LEVEL_NAME.exec(name);
  if (!m) throw invalidLevel(name, `failed to parse ${name}`);
  if (m[1] === undefined) return { name, level: {} };
  const level: ScheduleLevel = { pool: m[1] };
  if (m[2] !== undefined || m[3] !== undefined) {
    // `p//img` and `p/img` both address an image of the default namespace
    if (m[2] !== undefined && m[2] !== '') level.namespace = m[2];
    if (m[3] !== undefined) {
      level.namespace = m[2] ?? '';
      level.image = m[3];
    }
  }
  return { name, level };
}
