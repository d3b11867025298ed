// `rbd mirror snapshot schedule add|remove|list|status`: the CLI's level handling plus the
// rules of the rbd_support mgr module (level validation, listing, status filtering).
import type { Backend } from '../backends/backend.js';
import type { ScheduledImage, ScheduleItem, ScheduleLevel } from '../backends/types.js';
import { Errno, isRbdError, RbdError } from '../errors.js';
import { invalidLevel, levelName, MgrError, parseLevelName, type ResolvedLevel } from '../rules/schedule-level.js';
import { levelSpecName, mgrFailure, parseItem } from './schedule-spec.js';
import { levelCovers, levelDepth } from '../rules/schedule-time.js';
import type { SpecArgs } from './specs.js';

export interface ScheduleLevelEntry { name: string; level: ScheduleLevel; items: ScheduleItem[] }

/** True when `child` lies strictly below `parent`. */
function isChildOf(child: ScheduleLevel, parent: ScheduleLevel): boolean {
  const depth = levelDepth(child);
  if (depth <= levelDepth(parent)) return false;
  if (depth === 3) return levelCovers(parent, { pool: child.pool!, namespace: child.namespace ?? '', image: child.image! });
  return parent.pool === undefined || (parent.pool === child.pool && parent.namespace === undefined);
}

/** LevelSpec.from_name's checks: the pool, namespace (in image mirror mode) and image (in
 *  snapshot mirror mode) must exist. */
async function checkLevel(backend: Backend, { name, level }: ResolvedLevel): Promise<void> {
  if (level.pool === undefined) return;
  const pool = level.pool;
  try {
    await backend.poolId(pool);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw invalidLevel(name, `pool ${pool} does not exist`);
    throw e;
  }
  const namespace = level.namespace ?? '';
  if (namespace !== '') {
    if (!(await backend.namespaceExists({ pool, namespace }))) throw invalidLevel(name, `namespace ${namespace} does not exist`);
    if ((await backend.getMirrorMode({ pool, namespace })) !== 'image') {
      throw invalidLevel(name, `namespace ${namespace} is not in mirror image mode`);
    }
  }
  if (level.image === undefined) return;
  try {
    const { info } = await backend.mirrorImageGlobalStatus({ pool, namespace, image: level.image });
    if (info.state !== 'enabled' || info.mode !== 'snapshot') throw invalidLevel(name, `image ${level.image} is not in snapshot mirror mode`);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw invalidLevel(name, `image ${level.image} does not exist`);
    throw e;
  }
}

/** Runs one mgr command: its EINVAL refusals come back as rbd prints them. */
async function mgr<T>(verb: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof MgrError) throw mgrFailure(verb, e);
    throw e;
  }
}

async function resolvedLevel(backend: Backend, name: string): Promise<ResolvedLevel> {
  const resolved = parseLevelName(name);
  await checkLevel(backend, resolved);
  return resolved;
}

export async function scheduleAdd(backend: Backend, args: SpecArgs, defaultPool: string,
  interval: string | undefined, startTime: string | undefined): Promise<void> {
  const name = levelSpecName(args, defaultPool);
  if (!interval) throw new RbdError(Errno.EINVAL, "missing 'interval' argument");
  await mgr('add', async () => {
    const { level } = await resolvedLevel(backend, name);
    await backend.scheduleAdd(level, await parseItem(interval, startTime, { allowZero: false }));
  });
}

export async function scheduleRemove(backend: Backend, args: SpecArgs, defaultPool: string,
  interval: string | undefined, startTime: string | undefined): Promise<void> {
  const name = levelSpecName(args, defaultPool);
  await mgr('remove', async () => {
    const { level } = await resolvedLevel(backend, name);
    // rbd_support's Schedules.remove parses the interval and start time only when the level has
    // schedules: removing anything from an empty level succeeds silently, even `1H`.
    const target = levelName(level);
    if (!(await backend.scheduleList()).some((e) => levelName(e.level) === target)) return;
    const item = interval ? await parseItem(interval, startTime, { allowZero: true }) : undefined;
    await backend.scheduleRemove(level, item);
  });
}

async function listedEntries(backend: Backend, args: SpecArgs, defaultPool: string) {
  const name = levelSpecName(args, defaultPool);
  return mgr('list', async () => {
    const { level } = await resolvedLevel(backend, name);
    const entries = (await backend.scheduleList()).map((e) => ({ name: levelName(e.level), level: e.level, items: e.items }));
    return { level, target: levelName(level), entries };
  });
}

/** `schedule ls`: the items of exactly that level, or undefined when it has none (rbd then
 *  exits 2 and prints nothing). */
export async function scheduleLevelItems(backend: Backend, args: SpecArgs, defaultPool: string): Promise<ScheduleItem[] | undefined> {
  const { target, entries } = await listedEntries(backend, args, defaultPool);
  return entries.find((e) => e.name === target)?.items;
}

/** `schedule ls -R`: the level, everything below it and — when the level itself has no
 *  schedule — its nearest ancestor that has one, sorted by level name. */
export async function scheduleTree(backend: Backend, args: SpecArgs, defaultPool: string): Promise<ScheduleLevelEntry[]> {
  const { level, target, entries } = await listedEntries(backend, args, defaultPool);
  let parent = entries.find((e) => e.name === target);
  if (!parent) {
    for (const e of entries) {
      if (isChildOf(level, e.level) && (!parent || levelDepth(e.level) > levelDepth(parent.level))) parent = e;
    }
  }
  return entries
    .filter((e) => e === parent || e.name === target || isChildOf(e.level, level))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `schedule status`: next snapshot time of each scheduled image under the level. A refused
 *  level is reported with the mgr's reason and exit status EBADMSG, as rbd exits (it adds a
 *  second line, `invalid schedule status JSON received`, which says nothing more). */
export async function scheduleStatus(backend: Backend, args: SpecArgs, defaultPool: string): Promise<ScheduledImage[]> {
  const name = levelSpecName(args, defaultPool);
  let level: ScheduleLevel;
  try {
    level = (await mgr('status', () => resolvedLevel(backend, name))).level;
  } catch (e) {
    if (isRbdError(e, Errno.EINVAL)) throw new RbdError(Errno.EBADMSG, e.message);
    throw e;
  }
  return (await backend.scheduleStatus()).filter((s) => {
    const parts = s.image.split('/');
    const img = parts.length === 3
      ? { pool: parts[0]!, namespace: parts[1]!, image: parts[2]! }
      : { pool: parts[0]!, namespace: '', image: parts[1]! };
    return levelCovers(level, img);
  });
}
