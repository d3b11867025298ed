// The peer bootstrap token: base64 of compact JSON {fsid, client_id, key, mon_host}, exactly as
// librbd's peer_bootstrap_create writes it. Pure: no I/O, usable by every backend.
import { Errno, RbdError } from '../errors.js';

export interface BootstrapToken {
  fsid: string;
  /** Cephx id without the `client.` prefix (`rbd-mirror-peer`). */
  client_id: string;
  key: string;
  /** How to reach the cluster: a monmap rendering on Ceph, `local:<dir>` on the local backend. */
  mon_host: string;
}

const TOKEN_KEYS = ['fsid', 'client_id', 'key', 'mon_host'] as const;

/** Standard padded base64 of the compact JSON, keys in librbd's order. */
export function encodeToken(t: BootstrapToken): string {
  const json = JSON.stringify({ fsid: t.fsid, client_id: t.client_id, key: t.key, mon_host: t.mon_host });
  return Buffer.from(json, 'utf8').toString('base64');
}

/** Decodes a token as read from a file or stdin. Accepts the standard and the url-safe
 *  alphabet, padded or not, and surrounding whitespace (the newline `bootstrap create` prints).
 *  Failures carry librbd's wording and EINVAL. */
export function decodeToken(text: string): BootstrapToken {
  const json = decodeBase64(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalidJson();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidJson();
  const obj = parsed as Record<string, unknown>;
  for (const k of TOKEN_KEYS) if (typeof obj[k] !== 'string') throw invalidJson();
  return { fsid: obj.fsid as string, client_id: obj.client_id as string, key: obj.key as string, mon_host: obj.mon_host as string };
}

function decodeBase64(text: string): string {
  // rbd reads the token into a NUL-terminated buffer: anything after a NUL is not seen.
  const nul = text.indexOf('\0');
  const compact = (nul >= 0 ? text.slice(0, nul) : text).replace(/\s+/g, '');
  const m = /^([A-Za-z0-9+/_-]*)(={0,2})$/.exec(compact);
  if (!m || m[1]!.length % 4 === 1 || (m[2] && (m[1]!.length + m[2].length) % 4 !== 0)) {
    throw new RbdError(Errno.EINVAL, 'failed to decode base64');
  }
  const standard = m[1]!.replace(/-/g, '+').replace(/_/g, '/');
  return Buffer.from(standard, 'base64').toString('utf8');
}

function invalidJson(): RbdError {
  return new RbdError(Errno.EINVAL, 'invalid bootstrap token JSON received');
}
