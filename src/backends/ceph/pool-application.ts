// Pool applications on real Ceph: `rbd pool init` through librbd (rbd_pool_init), `ceph osd pool
// application enable` as the monitor command.
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import { isMissing, type NativeCluster } from './native.js';

export function poolApplicationApi(c: NativeCluster) {
  return {
    poolInit: async (pool: string, force = false): Promise<boolean> => {
      try {
        await c.call('pool_init', pool, '', force);
        return true;
      } catch (e) {
        if (isRbdError(e, Errno.EPERM)) return false;          // librbd: registered to another application
        if (isMissing(e)) throw new RbdError(Errno.ENOENT, `error opening pool '${pool}': ${strerror(Errno.ENOENT)}`);
        throw e;
      }
    },
    osdPoolApplicationEnable: async (pool: string, app: string, sure: boolean): Promise<void> => {
      await c.command('mon', { prefix: 'osd pool application enable', pool, app, yes_i_really_mean_it: sure });
    },
  };
}
