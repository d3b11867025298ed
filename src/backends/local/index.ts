// The embedded default backend: each cluster is a directory holding one SQLite database.
import { join } from 'node:path';
import type { Backend, BackendOptions } from '../backend.js';
import { adminApi } from './admin.js';
import { cloneApi } from './clones.js';
import { clusterApi } from './cluster.js';
import { LocalCore } from './core.js';
import { imageIoApi } from './image-io.js';
import { imageApi } from './images.js';
import { journalAdminApi } from './journal-admin.js';
import { lifecycleApi } from './lifecycle.js';
import { mirrorImageApi } from './mirror-image.js';
import { mirrorPoolApi } from './mirror-pool.js';
import { mirrorBootstrapApi } from './mirror-pool-bootstrap.js';
import { mirrorStatusApi } from './mirror-status.js';
import { poolApplicationApi } from './pool-application.js';
import { poolApi } from './pools.js';
import { scheduleApi } from './schedules.js';
import { DB_FILE } from './store.js';
import { storeFailure } from './store-errors.js';

export function createLocalBackend(opts: BackendOptions, env: NodeJS.ProcessEnv = process.env): Backend {
  const core = new LocalCore(opts, env);
  // Spread would evaluate the entityName getter once; defineProperties keeps it live.
  const backend = {} as Backend;
  for (const part of [clusterApi(core), poolApi(core), mirrorPoolApi(core), mirrorBootstrapApi(core), imageApi(core), mirrorImageApi(core), mirrorStatusApi(core), scheduleApi(core), imageIoApi(core), adminApi(core), journalAdminApi(core), lifecycleApi(core), poolApplicationApi(core), cloneApi(core)]) {
    const descriptors = Object.getOwnPropertyDescriptors(part);
    for (const d of Object.values(descriptors)) if (typeof d.value === 'function') d.value = mappingErrors(d.value, core.dir);
    Object.defineProperties(backend, descriptors);
  }
  return backend;
}

/** A backend call whose OS/SQLite failures (full disk, read-only or corrupt store) come out as
 *  RbdErrors with rbd's errno and the store file's name. */
function mappingErrors(fn: (...args: unknown[]) => unknown, dir: string) {
  const mapped = (e: unknown) => storeFailure(e, join(dir, DB_FILE)) ?? e;
  return (...args: unknown[]) => {
    let out: unknown;
    try {
      out = fn(...args);
    } catch (e) {
      throw mapped(e);
    }
    // promises and async iterables (readImageChunks) fail later: map those failures too
    if (out instanceof Promise) return out.catch((e: unknown) => { throw mapped(e); });
    if (out && typeof out === 'object' && Symbol.asyncIterator in out) return mappedIterable(out as AsyncIterable<unknown>, mapped);
    return out;
  };
}

async function* mappedIterable(source: AsyncIterable<unknown>, mapped: (e: unknown) => unknown): AsyncGenerator<unknown> {
  try {
    yield* source;
  } catch (e) {
    throw mapped(e);
  }
}
