// The real-Ceph backend over librbd/librados (issue: real Ceph backend). Until the native addon
// exists this reports what is missing in one line.
import { Errno, RbdError } from '../../errors.js';
import type { Backend, BackendOptions } from '../backend.js';

export function createCephBackend(_opts: BackendOptions, _env: NodeJS.ProcessEnv): Backend {
  throw new RbdError(Errno.ENOSYS,
    'the ceph backend needs the rbdm native addon built against librbd (apt-get install librbd-dev librados-dev, then npm rebuild); use --backend local');
}
