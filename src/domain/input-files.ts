// Files the rbd tool itself reads as input: peer key files and bootstrap tokens.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants } from 'node:os';
import { Errno, RbdError } from '../errors.js';

/** rbd reads a token into a 1024-byte C string: at most 1023 bytes are seen. */
const TOKEN_MAX_BYTES = 1023;

function errnoOf(e: unknown): number {
  const code = (e as { code?: string }).code;
  return (code && (constants.errno as Record<string, number>)[code]) || Errno.EIO;
}

/** First line of the file (std::getline), as `--remote-key-file` and `peer set ... key-file`. */
export function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RbdError(Errno.EINVAL, `failed to open ${path}`);
  }
  return text.split('\n')[0]!;
}

/** The token at `path`, or standard input for `-`. */
export async function readTokenFile(path: string, readStdin: () => Promise<string>): Promise<string> {
  if (path === '-') return Buffer.from(await readStdin(), 'utf8').subarray(0, TOKEN_MAX_BYTES).toString('utf8');
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
