// Loads the optional librbd/librados addon (native/, built at install when librbd-dev exists) and
// wraps its one entry point: call(op, args) -> Promise, run on a worker thread. librbd answers
// -errno; here that becomes RbdError(errno, message) with librbd's wording where we know it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import { librbdReason } from '../../rules/librbd-failures.js';
import type { BackendOptions } from '../backend.js';

export type NativeArg = string | number | boolean | Buffer;
type Handle = object;

interface Addon {
  connect(opts: Record<string, unknown>): Promise<Handle>;
  call(handle: Handle, op: string, args: NativeArg[]): Promise<unknown>;
  shutdown(handle: Handle): Promise<void>;
  librbdVersion(): string;
}

const ADDON_FILE = join('native', 'build', 'Release', 'rbdm_ceph.node');
export const INSTALL_HINT =
  'the ceph backend needs the rbdm native addon built against librbd: apt-get install librbd-dev librados-dev, then npm run build:native (or use --backend local)';

/** The package root holding native/: this module runs from src/ (tests) or dist/ and dist/chunks/. */
function addonPath(env: NodeJS.ProcessEnv): string | undefined {
  // RBDM_CEPH_ADDON=<file> picks another build; `none` acts as if it were not built (tests).
  if (env.RBDM_CEPH_ADDON === 'none') return undefined;
  if (env.RBDM_CEPH_ADDON) return env.RBDM_CEPH_ADDON;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, ADDON_FILE))) return join(dir, ADDON_FILE);
  }
  return undefined;
}

let loaded: Addon | undefined;
export function loadAddon(env: NodeJS.ProcessEnv): Addon {
  if (loaded) return loaded;
  const path = addonPath(env);
  if (!path) throw new RbdError(Errno.ENOSYS, INSTALL_HINT);
  try {
    loaded = createRequire(import.meta.url)(path) as Addon;
  } catch (e) {
    // Built, but librbd.so.1 is missing at run time (or an ABI mismatch).
    const why = (e as Error).message.split('\n')[0];
    throw new RbdError(Errno.ENOSYS, `the ceph backend addon could not be loaded (${why}): apt-get install librbd1 librados2, or npm run build:native`);
  }
  return loaded;
}

/** The connection itself failed: never to be read as "the pool/image/key is missing". */
export class ConnectError extends RbdError {}

/** ENOENT from librbd about the object asked for (not from connecting). */
export function isMissing(e: unknown): boolean {
  return isRbdError(e, Errno.ENOENT) && !(e instanceof ConnectError);
}

/** What a failed native call rejects with. */
interface NativeError extends Error { errno?: number; op?: string }

export function toRbdError(e: unknown, what: string): RbdError {
  if (e instanceof RbdError) return e;
  const err = e as NativeError;
  if (typeof err?.errno !== 'number') return new RbdError(Errno.EIO, `${what}: ${err?.message ?? String(e)}`);
  const op = err.op ?? what;
  return new RbdError(err.errno, librbdReason(op, err.errno) ?? `${op}: ${strerror(err.errno)}`);
}

/** One connection to one cluster, opened on first use. */
export class NativeCluster {
  private handle?: Promise<Handle>;
  private readonly addon: Addon;

  constructor(private readonly opts: BackendOptions, env: NodeJS.ProcessEnv) {
    this.addon = loadAddon(env);
  }

  get entityName(): string {
    return this.opts.name ?? `client.${this.opts.id ?? 'admin'}`;
  }

  private connect(): Promise<Handle> {
    const o = this.opts;
    return (this.handle ??= this.addon.connect({
      cluster: o.cluster, name: this.entityName, conf: o.conf, keyring: o.keyring, keyfile: o.keyfile,
      monHost: o.monHost, overrides: o.configOverrides,
    }).catch((e: unknown) => {
      this.handle = undefined;
      const err = toRbdError(e, 'rados_connect');
      throw new ConnectError(err.errno, `couldn't connect to the cluster!`);
    }));
  }

  async call<T>(op: string, ...args: NativeArg[]): Promise<T> {
    const h = await this.connect();
    try {
      return await this.addon.call(h, op, args) as T;
    } catch (e) {
      throw toRbdError(e, op);
    }
  }

  /** A mon/mgr command: JSON in, parsed JSON (or raw text) out; rejects with the command's errno. */
  async command(kind: 'mon' | 'mgr', cmd: Record<string, unknown>, input = ''): Promise<{ out: string; status: string }> {
    const r = await this.call<{ rc: number; out: string; status: string }>(`${kind}_command`, JSON.stringify(cmd), input);
    if (r.rc < 0) throw new RbdError(-r.rc, r.status.trim() || `${cmd.prefix as string}: ${strerror(-r.rc)}`);
    return r;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    const handle = await h?.catch(() => undefined);
    if (handle) await this.addon.shutdown(handle).catch(() => undefined);
  }
}
