// `ceph osd pool create|ls|delete` with the monitor's (OSDMonitor's) rules and status lines.
import type { Backend } from '../backends/backend.js';
import { Errno, RbdError } from '../errors.js';

const DELETE_WARNING = (pool: string) =>
  `WARNING: this will *PERMANENTLY DESTROY* all data stored in pool ${pool}.  If you are *ABSOLUTELY CERTAIN* ` +
  'that is what you want, pass the pool name *twice*, followed by --yes-i-really-really-mean-it.';

function poolName(pool: string | undefined): string {
  if (!pool) throw new RbdError(Errno.EINVAL, 'missing required parameter pool(<poolname>)');
  if (/[\x00-\x1f\x7f]/.test(pool)) throw new RbdError(Errno.EINVAL, `invalid pool name ${JSON.stringify(pool)}`);
  return pool;
}

export async function osdPoolCreate(backend: Backend, pool: string | undefined): Promise<string> {
  const name = poolName(pool);
  return (await backend.osdPoolCreate(name)) ? `pool '${name}' created` : `pool '${name}' already exists`;
}

export async function osdPoolList(backend: Backend): Promise<string[]> {
  return backend.listPools();
}

/** The pool named twice and the flag, or EPERM with the monitor's warning; a pool that does not
 *  exist is not an error and needs no confirmation, as on Ceph. */
export async function osdPoolDelete(backend: Backend, pool: string | undefined, again: string | undefined, sure: boolean): Promise<string> {
  const name = poolName(pool);
  if (!(await backend.listPools()).includes(name)) return `pool '${name}' does not exist`;
  if (again !== name || !sure) throw new RbdError(Errno.EPERM, DELETE_WARNING(name));
  return (await backend.osdPoolDelete(name)) ? `pool '${name}' removed` : `pool '${name}' does not exist`;
}

/** `osd pool application enable <pool> <app> [--yes-i-really-mean-it]`, the monitor's status line. */
export async function osdPoolApplicationEnable(backend: Backend, pool: string | undefined, app: string | undefined, sure: boolean): Promise<string> {
  const name = poolName(pool);
  if (!app) throw new RbdError(Errno.EINVAL, 'missing required parameter app(<string(goodchars [A-Za-z0-9-_.])>)');
  if (!/^[A-Za-z0-9_.-]+$/.test(app)) throw new RbdError(Errno.EINVAL, `invalid application name ${JSON.stringify(app)}`);
  await backend.osdPoolApplicationEnable(name, app, sure);
  return `enabled application '${app}' on pool '${name}'`;
}
