// The real-Ceph backend: the Backend interface over librbd/librados through the optional native
// addon (native/). Connects lazily on the first call; every call runs on a worker thread.
import type { Backend, BackendOptions } from '../backend.js';
import { adminApi } from './admin.js';
import { cloneApi } from './clones.js';
import { clusterApi, poolApi } from './cluster.js';
import { imageApi } from './images.js';
import { imageIoApi } from './io.js';
import { journalApi } from './journal.js';
import { lifecycleApi } from './lifecycle.js';
import { mirrorImageApi } from './mirror-image.js';
import { mirrorPoolApi } from './mirror-pool.js';
import { NativeCluster } from './native.js';
import { poolApplicationApi } from './pool-application.js';
import { scheduleApi } from './schedules.js';
import { mirrorStatusApi } from './status.js';

// Compile-time proof that the parts cover the whole Backend interface.
type Parts = ReturnType<typeof clusterApi> & ReturnType<typeof poolApi> & ReturnType<typeof mirrorPoolApi>
  & ReturnType<typeof imageApi> & ReturnType<typeof mirrorImageApi> & ReturnType<typeof mirrorStatusApi>
  & ReturnType<typeof scheduleApi> & ReturnType<typeof imageIoApi> & ReturnType<typeof adminApi>
  & ReturnType<typeof journalApi> & ReturnType<typeof lifecycleApi> & ReturnType<typeof poolApplicationApi>
  & ReturnType<typeof cloneApi>;
const complete: Parts extends Backend ? true : never = true;
void complete;

/** Throws RbdError(ENOSYS, one line saying what to install) when the addon is not available. */
export function createCephBackend(opts: BackendOptions, env: NodeJS.ProcessEnv): Backend {
  const c = new NativeCluster(opts, env);
  const parts = [
    clusterApi(c, opts.cluster), poolApi(c), mirrorPoolApi(c), imageApi(c), mirrorImageApi(c), mirrorStatusApi(c),
    scheduleApi(c), imageIoApi(c), adminApi(c), journalApi(c), lifecycleApi(c), poolApplicationApi(c), cloneApi(c),
  ];
  // defineProperties keeps the entityName getter live (a spread would evaluate it once)
  const backend = {} as Backend;
  for (const part of parts) Object.defineProperties(backend, Object.getOwnPropertyDescriptors(part));
  return backend;
}
