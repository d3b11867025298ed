// Files the rbd tool itself reads as input: peer key files and bootstrap tokens.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { Errno, RbdError } from '../errors.js';

/** rbd reads a token into a 1024-byte C string: at most 1023 bytes are seen. */
const TOKEN_MAX_BYTES = 1023;

function errnoOf(e: unknown): number {
  const code = (e as { code?: string }).code;
  return (code && (osConstants.errno as Record<string, number>)[code]) || Errno.EIO;
}

/** A key file is read up to this many bytes: a cephx key is 40 characters; `/dev/zero` or a
 *  50 MB file must not be read whole. */
const KEY_FILE_MAX_BYTES = 4096;
/** A cephx secret as `ceph auth get-key` prints it: base64, at most a few hundred characters. */
const KEY_TEXT = /^[A-Za-z0-9+/]{4,1024}={0,2}$/;

/** First line of the file (std::getline), as `--remote-key-file` and `peer set ... key-file`.
 *  Only a key is accepted: an empty, binary or oversized first line is refused. */
export function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readPrefix(path, KEY_FILE_MAX_BYTES + 1).toString('latin1');
  } catch {
    throw new RbdError(Errno.EINVAL, `failed to open ${path}`);
  }
  const newline = text.indexOf('\n');
  if (newline < 0 && text.length > KEY_FILE_MAX_BYTES) throw new RbdError(Errno.EINVAL, `key file ${path} is too large to hold a key`);
  const key = (newline < 0 ? text : text.slice(0, newline)).trim();
  if (!KEY_TEXT.test(key)) throw new RbdError(Errno.EINVAL, `key file ${path} does not hold a cephx key`);
  return key;
}

/** At most max bytes from the start of the file (a device or FIFO is read no further). */
function readPrefix(path: string, max: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(max);
    let n = 0;
    for (let got = -1; got !== 0 && n < max;) n += got = readSync(fd, buf, n, max - n, null);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The token at `path`, or standard input for `-`. */
export async function readTokenFile(path: string, readStdin: (maxBytes: number) => Promise<string>): Promise<string> {
  if (path === '-') return Buffer.from(await readStdin(TOKEN_MAX_BYTES), 'utf8').subarray(0, TOKEN_MAX_BYTES).toString('utf8');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new RbdError(errnoOf(e), `error opening ${path}`);
  }
  try {
    const buf = Buffer.alloc(TOKEN_MAX_BYTES);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length;) n += got = readSync(fd, buf, n, buf.length - n, null);
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    throw new RbdError(errnoOf(e), `error reading token file: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}
