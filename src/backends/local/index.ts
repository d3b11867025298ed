// The embedded default backend: each cluster is a directory holding one SQLite database.
import type { Backend, BackendOptions } from '../backend.js';
import { adminApi } from './admin.js';
import { clusterApi } from './cluster.js';
import { LocalCore } from './core.js';
import { imageIoApi } from './image-io.js';
import { imageApi } from './images.js';
import { journalAdminApi } from './journal-admin.js';
import { mirrorImageApi } from './mirror-image.js';
import { mirrorPoolApi } from './mirror-pool.js';
import { mirrorStatusApi } from './mirror-status.js';
import { poolApi } from './pools.js';
import { scheduleApi } from './schedules.js';

export function createLocalBackend(opts: BackendOptions, env: NodeJS.ProcessEnv = process.env): Backend {
  const core = new LocalCore(opts, env);
  // Spread would evaluate the entityName getter once; defineProperties keeps it live.
  const backend = {} as Backend;
  for (const part of [clusterApi(core), poolApi(core), mirrorPoolApi(core), imageApi(core), mirrorImageApi(core), mirrorStatusApi(core), scheduleApi(core), imageIoApi(core), adminApi(core), journalAdminApi(core)]) {
    Object.defineProperties(backend, Object.getOwnPropertyDescriptors(part));
  }
  return backend;
}
